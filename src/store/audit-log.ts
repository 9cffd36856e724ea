import type { Clock } from '../core/ports.js'
import type { AuditLog } from '../core/operators/ports.js'
import type { Database } from './dialect.js'

/** The AuditLog port over Kysely: one row per act, stamped with the injected clock. */
export function createAuditLog(database: Database, clock: Clock): AuditLog {
  const { db } = database
  return {
    async record({ actor, action, target, details }) {
      await db
        .insertInto('audit_log')
        .values({
          at: clock.now(),
          actor_kind: actor.kind,
          actor_id: actor.id,
          action,
          target_kind: target?.kind ?? null,
          target_id: target?.id ?? null,
          details: JSON.stringify(details ?? {}),
        })
        .execute()
    },

    async list({ limit, before, actorId, action }) {
      let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit)
      if (before !== undefined) query = query.where('id', '<', before)
      if (actorId !== undefined) query = query.where('actor_id', '=', actorId)
      if (action !== undefined) query = query.where('action', '=', action)
      return (await query.execute()).map((row) => ({
        id: Number(row.id),
        at: Number(row.at),
        actor: { kind: row.actor_kind, id: row.actor_id },
        action: row.action,
        target: row.target_kind !== null && row.target_id !== null ? { kind: row.target_kind, id: row.target_id } : null,
        details: JSON.parse(row.details) as Record<string, unknown>,
      }))
    },
  }
}
