import { join } from 'node:path'
import type { Database } from './dialect.js'
import { openPostgres } from './postgres/open-postgres.js'
import { openSqlite } from './sqlite/open-sqlite.js'

/** The database the configuration names: PostgreSQL for a `postgres://` URL, else SQLite in the data folder. */
export async function openDatabase(
  options: { databaseUrl: string | null; dataDir: string },
  onConnectionLost?: (error: Error) => void,
): Promise<Database> {
  if (options.databaseUrl) return openPostgres({ url: options.databaseUrl, ...(onConnectionLost ? { onConnectionLost } : {}) })
  return openSqlite({ file: join(options.dataDir, 'parley.db') })
}
