import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Webhook receipt bodies become bytes (BLOB, bytea): a provider signs the bytes it sent, and text
 * is not bytes — a driver or a re-encoding may normalise what it was given, so the signature could
 * no longer be checked from what was stored. Existing rows were UTF-8 text and are kept as its bytes.
 *
 * The engines change a column's type in different ways, so this DDL names them: PostgreSQL converts
 * in place; SQLite cannot alter a column, so the bytes go to a new column that takes the old one's
 * name (its other columns, whatever later migrations added, are left as they are).
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  if (caps.name === 'postgres') {
    await sql`alter table webhook_receipts alter column body type bytea using convert_to(body, 'UTF8')`.execute(db)
    return
  }
  await db.schema.alterTable('webhook_receipts').addColumn('body_bytes', 'blob', (c) => c.notNull().defaultTo(sql`x''`)).execute()
  await sql`update webhook_receipts set body_bytes = cast(body as blob)`.execute(db)
  await db.schema.alterTable('webhook_receipts').dropColumn('body').execute()
  await db.schema.alterTable('webhook_receipts').renameColumn('body_bytes', 'body').execute()
}
