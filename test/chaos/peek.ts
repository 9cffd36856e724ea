import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { receiptsFileOf } from '../../src/store/sqlite/receipts-file.js'

/**
 * The test's own read-only look into Parley's database, apart from Parley's code: it must survive
 * the database going away (a query then fails, and the caller tries again later).
 */
export interface Peek {
  /** `family`: the receipts' table family, on SQLite a file of its own (`Database.receipts`). */
  rows<T>(query: string, family?: 'main' | 'receipts'): Promise<T[]>
  close(): Promise<void>
}

export function peekPostgres(url: string): Peek {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  // A restart of the server cuts idle connections; without a listener that error would end the test process.
  pool.on('error', () => undefined)
  return {
    rows: async <T>(query: string) => (await pool.query(query)).rows as T[],
    close: () => pool.end(),
  }
}

export function peekSqlite(file: string): Peek {
  const connections = new Map<string, BetterSqlite3.Database>()
  return {
    rows: async <T>(query: string, family: 'main' | 'receipts' = 'main') => {
      const path = family === 'main' ? file : receiptsFileOf(file)
      // Opened on first use: the file exists only once `parley start` has created it.
      const connection = connections.get(path) ?? new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: 10_000 })
      connections.set(path, connection)
      return connection.prepare(query).all() as T[]
    },
    close: async () => {
      for (const connection of connections.values()) connection.close()
    },
  }
}
