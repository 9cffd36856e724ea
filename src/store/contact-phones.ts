import type { Database } from './dialect.js'

/** The phones of every contact not opted out, in the order they were added (for provider-side opt-in checks). */
export async function messageablePhones(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('contacts').select('phone').where('opt_out_at', 'is', null).orderBy('created_at').orderBy('id').execute()
  return rows.map((r) => r.phone)
}
