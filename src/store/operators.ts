import type { Ids } from '../core/ports.js'
import type { Operator } from '../core/operators/model.js'
import type { OperatorStore } from '../core/operators/ports.js'
import type { Database } from './dialect.js'
import { inTransaction } from './transaction.js'

const COLUMNS = ['id', 'email', 'name', 'role', 'created_at', 'disabled_at', 'sees_all_teams'] as const

type OperatorRow = { id: string; email: string; name: string; role: Operator['role']; created_at: number; disabled_at: number | null; sees_all_teams: number }

function operatorOf(row: OperatorRow): Operator {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    seesAllTeams: Number(row.sees_all_teams) === 1,
  }
}

/** The OperatorStore port over Kysely; e-mail addresses come in lower-cased (see `normalEmail`). */
export function createOperatorStore(database: Database, ids: Ids): OperatorStore {
  const { db } = database
  return {
    async add({ email, name, role, passwordHash, seesAllTeams = false }, now) {
      const row = { id: ids.next('op'), email, name, role, password_hash: passwordHash, created_at: now, disabled_at: null, sees_all_teams: seesAllTeams ? 1 : 0 }
      const inserted = await db
        .insertInto('operators')
        .values(row)
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst()
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { kind: 'added', operator: operatorOf(row) } : { kind: 'exists' }
    },

    async findForLogin(email) {
      const row = await db
        .selectFrom('operators')
        .select([...COLUMNS, 'password_hash'])
        .where('email', '=', email)
        .executeTakeFirst()
      return row ? { operator: operatorOf(row), passwordHash: row.password_hash } : null
    },

    async list() {
      return (await db.selectFrom('operators').select(COLUMNS).orderBy('created_at').orderBy('id').execute()).map(operatorOf)
    },

    async get(id) {
      const row = await db.selectFrom('operators').select(COLUMNS).where('id', '=', id).executeTakeFirst()
      return row ? operatorOf(row) : null
    },

    async disable(email, now) {
      return inTransaction(database, async (trx) => {
        const row = await trx.selectFrom('operators').select(COLUMNS).where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst()
        if (!row) return null
        await trx.updateTable('operators').set({ disabled_at: now }).where('id', '=', row.id).execute()
        await trx.updateTable('operator_sessions').set({ revoked_at: now }).where('operator_id', '=', row.id).where('revoked_at', 'is', null).execute()
        return operatorOf({ ...row, disabled_at: now })
      })
    },

    async update(id, change, now) {
      return inTransaction(database, async (trx) => {
        const row = await trx.selectFrom('operators').select(COLUMNS).where('id', '=', id).executeTakeFirst()
        if (!row) return null
        // Disabling keeps the first time it happened; enabling clears it.
        const disabledAt = change.disabled === undefined ? row.disabled_at : change.disabled ? (row.disabled_at ?? now) : null
        const next = {
          name: change.name ?? row.name,
          role: change.role ?? row.role,
          disabled_at: disabledAt,
          sees_all_teams: change.seesAllTeams === undefined ? Number(row.sees_all_teams) : change.seesAllTeams ? 1 : 0,
        }
        await trx.updateTable('operators').set(next).where('id', '=', id).execute()
        if (change.disabled === true) {
          await trx.updateTable('operator_sessions').set({ revoked_at: now }).where('operator_id', '=', id).where('revoked_at', 'is', null).execute()
        }
        return operatorOf({ ...row, ...next })
      })
    },
  }
}
