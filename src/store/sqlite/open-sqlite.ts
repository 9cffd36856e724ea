import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database, DialectCapabilities } from '../dialect.js'
import type { DB } from '../schema.js'

const capabilities: DialectCapabilities = {
  name: 'sqlite',
  supportsSkipLocked: false,
  autoIncrementType: 'integer',
  isTransient: (error) => (error as { code?: string } | null)?.code?.startsWith('SQLITE_BUSY') ?? false,
}

export interface SqliteOptions {
  /** Path of the database file; its folder is created. */
  file: string
  /** `normal` survives a process crash (WAL); `full` also survives power loss, at an fsync per commit. */
  synchronous?: 'normal' | 'full'
}

/** Opens (creating if needed) the embedded SQLite database in WAL mode. */
export function openSqlite(options: SqliteOptions): Database {
  mkdirSync(dirname(options.file), { recursive: true })
  const connection = new BetterSqlite3(options.file)
  connection.pragma('journal_mode = WAL')
  connection.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  connection.pragma('busy_timeout = 10000')
  connection.pragma('foreign_keys = ON')
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: connection }) })
  return {
    db,
    capabilities,
    close: () => db.destroy(),
  }
}
