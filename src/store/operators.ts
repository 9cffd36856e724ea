import type { Ids } from '../core/ports.js'
import type { Operator } from '../core/operators/model.js'
import type { OperatorStore } from '../core/operators/ports.js'
import type { Database } from './dialect.js'
import type { OperatorsTable } from './schema.js'
import { inTransaction } from './transaction.js'

const COLUMNS = ['id', 'email', 'name', 'role', 'created_at', 'disabled_at'] as const

function operatorOf(row: Omit<OperatorsTable, 'password_hash'>): Operator {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at, disabledAt: row.disabled_at }
}

/** The OperatorStore port over Kysely; e-mail addresses come in lower-cased (see `normalEmail`). */
export function createOperatorStore(database: Database, ids: Ids): OperatorStore {
  const { db } = database
  return {
    async add({ email, name, role, passwordHash }, now) {
      const row = { id: ids.next('op'), email, name, role, password_hash: passwordHash, created_at: now, disabled_at: null }
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

    async disable(email, now) {
      return inTransaction(database, async (trx) => {
        const row = await trx.selectFrom('operators').select(COLUMNS).where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst()
        if (!row) return null
        await trx.updateTable('operators').set({ disabled_at: now }).where('id', '=', row.id).execute()
        await trx.updateTable('operator_sessions').set({ revoked_at: now }).where('operator_id', '=', row.id).where('revoked_at', 'is', null).execute()
        return operatorOf({ ...row, disabled_at: now })
      })
    },
  }
}
