import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import type { Trx } from './transaction.js'

/** Operators' open live streams, as heartbeats in the database every API process shares. */
export interface OperatorPresence {
  /** Records that this stream of the operator is open at `now` (at its start and each heartbeat). */
  beat(connectionId: string, operatorId: string, now: Instant): Promise<void>
  /** The stream closed. A process that dies leaves its rows, which age out. */
  leave(connectionId: string): Promise<void>
}

/** The OperatorPresence port over Kysely (migration 0016). */
export function createOperatorPresence(database: Database): OperatorPresence {
  const { db } = database
  return {
    async beat(connectionId, operatorId, now) {
      await db
        .insertInto('operator_presence')
        .values({ connection_id: connectionId, operator_id: operatorId, last_seen_at: now })
        .onConflict((oc) => oc.column('connection_id').doUpdateSet({ last_seen_at: now }))
        .execute()
    },
    async leave(connectionId) {
      await db.deleteFrom('operator_presence').where('connection_id', '=', connectionId).execute()
    },
  }
}

/**
 * The operators who may get conversations now, by id: a stream seen since `since`, active, and a
 * role that answers (a viewer never gets an assignment); for a conversation routed to a team, its
 * members only (it stays with the team rather than go to someone outside it).
 */
export async function onlineAssignees(trx: Trx, since: Instant, teamId: string | null): Promise<string[]> {
  let query = trx
    .selectFrom('operator_presence as p')
    .innerJoin('operators as o', 'o.id', 'p.operator_id')
    .select('o.id')
    .distinct()
    .where('p.last_seen_at', '>=', since)
    .where('o.disabled_at', 'is', null)
    .where('o.role', '!=', 'viewer')
    .orderBy('o.id')
  if (teamId !== null) query = query.where('o.id', 'in', (eb) => eb.selectFrom('team_members').select('operator_id').where('team_id', '=', teamId))
  const rows = await query.execute()
  return rows.map((r) => r.id)
}

/** Drops the rows of streams not seen since `before` (processes that died with streams open). */
export async function pruneOperatorPresence(database: Database, before: Instant): Promise<void> {
  await database.db.deleteFrom('operator_presence').where('last_seen_at', '<', before).execute()
}
