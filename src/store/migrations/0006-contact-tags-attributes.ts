import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Contacts get tags and attributes (the business's own labels and values), each kept as JSON text:
 * they are read and written with the contact, never queried one by one, and bounded in size.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('tags', 'text').execute()
  await db.schema.alterTable('contacts').addColumn('attributes', 'text').execute()
}
