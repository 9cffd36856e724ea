import type { TemplateSyncRecord } from '../core/templates/ports.js'
import type { Database } from './dialect.js'

const NAME = 'template-sync'

/** The TemplateSyncRecord port over Kysely: one row of `documents`, its time the last successful sync, its body the account synced. */
export function createTemplateSyncRecord(database: Database): TemplateSyncRecord {
  const { db } = database
  return {
    async lastSyncedAt() {
      const row = await db.selectFrom('documents').select('updated_at').where('name', '=', NAME).executeTakeFirst()
      return row?.updated_at ?? null
    },
    async lastAccount() {
      const row = await db.selectFrom('documents').select('body').where('name', '=', NAME).executeTakeFirst()
      if (!row) return null
      const body = JSON.parse(row.body) as { account?: unknown }
      return typeof body.account === 'string' ? body.account : null
    },
    async recordSynced(at, account) {
      const body = JSON.stringify({ lastSyncedAt: at, account })
      await db
        .insertInto('documents')
        .values({ name: NAME, body, updated_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ body, updated_at: at }))
        .execute()
    },
  }
}
