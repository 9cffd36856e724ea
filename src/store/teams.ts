import type { Ids } from '../core/ports.js'
import type { Team } from '../core/teams/model.js'
import type { TeamStore } from '../core/teams/ports.js'
import type { Database } from './dialect.js'
import type { TeamsTable } from './schema.js'
import { inTransaction, type Trx } from './transaction.js'

function teamOf(row: TeamsTable, memberIds: string[]): Team {
  return {
    id: row.id,
    name: row.name,
    firstResponseSlaMinutes: row.first_response_sla_minutes === null ? null : Number(row.first_response_sla_minutes),
    resolutionSlaMinutes: row.resolution_sla_minutes === null ? null : Number(row.resolution_sla_minutes),
    memberIds,
    createdAt: Number(row.created_at),
  }
}

async function membersOf(db: Database['db'] | Trx, teamIds: readonly string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(teamIds.map((id) => [id, []]))
  if (teamIds.length === 0) return members
  const rows = await db.selectFrom('team_members').select(['team_id', 'operator_id']).where('team_id', 'in', teamIds).orderBy('operator_id').execute()
  for (const row of rows) members.get(row.team_id)?.push(row.operator_id)
  return members
}

async function teamIn(db: Database['db'] | Trx, id: string): Promise<Team | null> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? teamOf(row, (await membersOf(db, [id])).get(id) ?? []) : null
}

async function nameTaken(trx: Trx, name: string, exceptId: string): Promise<boolean> {
  return (await trx.selectFrom('teams').select('id').where('name', '=', name).where('id', '<>', exceptId).executeTakeFirst()) !== undefined
}

/** The TeamStore port over Kysely. */
export function createTeamStore(database: Database, ids: Ids): TeamStore {
  const { db } = database
  return {
    async list() {
      const rows = await db.selectFrom('teams').selectAll().orderBy('name').execute()
      const members = await membersOf(db, rows.map((r) => r.id))
      return rows.map((row) => teamOf(row, members.get(row.id) ?? []))
    },

    get: (id) => teamIn(db, id),

    async create({ name, firstResponseSlaMinutes, resolutionSlaMinutes }, now) {
      const row = { id: ids.next('team'), name, first_response_sla_minutes: firstResponseSlaMinutes, resolution_sla_minutes: resolutionSlaMinutes, created_at: now }
      const inserted = await db.insertInto('teams').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst()
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { kind: 'created', team: teamOf(row, []) } : { kind: 'exists' }
    },

    async update(id, change) {
      return inTransaction(database, async (trx) => {
        if (!(await trx.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst())) return null
        if (change.name !== undefined && (await nameTaken(trx, change.name, id))) return { kind: 'exists' as const }
        const set = {
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.firstResponseSlaMinutes !== undefined ? { first_response_sla_minutes: change.firstResponseSlaMinutes } : {}),
          ...(change.resolutionSlaMinutes !== undefined ? { resolution_sla_minutes: change.resolutionSlaMinutes } : {}),
        }
        if (Object.keys(set).length > 0) await trx.updateTable('teams').set(set).where('id', '=', id).execute()
        return { kind: 'updated' as const, team: (await teamIn(trx, id))! }
      })
    },

    async remove(id) {
      return inTransaction(database, async (trx) => {
        await trx.updateTable('contacts').set({ team_id: null }).where('team_id', '=', id).execute()
        await trx.deleteFrom('team_members').where('team_id', '=', id).execute()
        const deleted = await trx.deleteFrom('teams').where('id', '=', id).executeTakeFirst()
        return Number(deleted.numDeletedRows) > 0
      })
    },

    async setMembers(id, operatorIds) {
      const wanted = [...new Set(operatorIds)]
      return inTransaction(database, async (trx) => {
        if (!(await trx.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst())) return null
        const known = wanted.length === 0 ? [] : (await trx.selectFrom('operators').select('id').where('id', 'in', wanted).execute()).map((r) => r.id)
        const unknown = wanted.filter((operatorId) => !known.includes(operatorId))
        if (unknown.length > 0) return { kind: 'unknown_operators' as const, ids: unknown }
        await trx.deleteFrom('team_members').where('team_id', '=', id).execute()
        if (wanted.length > 0) await trx.insertInto('team_members').values(wanted.map((operatorId) => ({ team_id: id, operator_id: operatorId }))).execute()
        return { kind: 'set' as const, team: (await teamIn(trx, id))! }
      })
    },

    async teamIdsOf(operatorId) {
      return (await db.selectFrom('team_members').select('team_id').where('operator_id', '=', operatorId).orderBy('team_id').execute()).map((r) => r.team_id)
    },

    async teamIdsByOperator() {
      const byOperator = new Map<string, string[]>()
      for (const row of await db.selectFrom('team_members').select(['operator_id', 'team_id']).orderBy('team_id').execute()) {
        byOperator.set(row.operator_id, [...(byOperator.get(row.operator_id) ?? []), row.team_id])
      }
      return byOperator
    },
  }
}
