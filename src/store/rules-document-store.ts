import type { RulesDocumentStore } from '../core/rules/ports.js'
import type { Database } from './dialect.js'

const NAME = 'rules'

/** The RulesDocumentStore port over Kysely: one row of `documents`. */
export function createRulesDocumentStore(database: Database): RulesDocumentStore {
  const { db } = database
  return {
    async load() {
      const row = await db.selectFrom('documents').select('body').where('name', '=', NAME).executeTakeFirst()
      return row?.body ?? null
    },
    async save(document, now) {
      await db
        .insertInto('documents')
        .values({ name: NAME, body: document, updated_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ body: document, updated_at: now }))
        .execute()
    },
  }
}
