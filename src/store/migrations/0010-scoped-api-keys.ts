import { sql, type Kysely } from 'kysely'

/**
 * Scoped, salted API keys. Keys stored before were unsalted SHA-256 hashes beside the key's first
 * 8 characters in clear, and every key was an admin: such rows are revoked here, and their hash
 * and prefix erased, rather than kept verifiable. PARLEY_API_KEY is stored again, salted, at the
 * next start; a key generated at first start is replaced by a new one printed at that start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('salt', 'text').execute()
  await db.schema.alterTable('api_keys').addColumn('scopes', 'text', (c) => c.notNull().defaultTo('["admin"]')).execute()
  await db.schema.alterTable('api_keys').addColumn('source', 'text', (c) => c.notNull().defaultTo('created')).execute()
  await db.schema.alterTable('api_keys').addColumn('rate_per_second', 'double precision').execute()
  await db.schema.alterTable('api_keys').addColumn('rate_burst', 'integer').execute()

  // A migration has no injected clock; the moment of the upgrade is what revoked_at should say.
  const now = Date.now()
  await sql`update api_keys set source = case when name = 'admin (PARLEY_API_KEY)' then 'env' else 'generated' end`.execute(db)
  await sql`update api_keys set revoked_at = coalesce(revoked_at, ${now}), key_hash = 'erased:' || id`.execute(db)
  await db.schema.alterTable('api_keys').dropColumn('prefix').execute()
  await db.schema.alterTable('api_keys').dropColumn('role').execute()
  // PARLEY_API_KEY is not in Parley's `pk_<id>_…` format: it is found among the active keys from the environment.
  await db.schema.createIndex('api_keys_active_by_source').on('api_keys').columns(['source', 'revoked_at']).execute()
}
