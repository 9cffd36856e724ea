import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'
import { RECEIPT_COLUMNS, receiptsFileOf, receiptsSchema } from '../sqlite/receipts-file.js'

/**
 * On SQLite, webhook receipts move to a file of their own (see `Database.receipts`): every row,
 * pending or not, with its id, then the main file's table goes. PostgreSQL keeps them where they are.
 * SQLite migrations run outside a transaction (Kysely's SQLite adapter has no transactional DDL),
 * which ATTACH needs.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  if (caps.name !== 'sqlite') return
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db)
  const mainFile = rows[0]?.file
  if (!mainFile) throw new Error('migration 0033 needs a database file, not an in-memory database')
  await sql`attach database ${receiptsFileOf(mainFile)} as receipts_file`.execute(db)
  try {
    for (const statement of receiptsSchema('receipts_file')) await sql.raw(statement).execute(db)
    const columns = sql.join(RECEIPT_COLUMNS.map((c) => sql.id(c)))
    // `or ignore`: a run that stopped before the drop below copies again without conflict.
    await sql`insert or ignore into receipts_file.webhook_receipts (${columns}) select ${columns} from main.webhook_receipts`.execute(db)
  } finally {
    await sql`detach database receipts_file`.execute(db)
  }
  await sql`drop table main.webhook_receipts`.execute(db)
}
