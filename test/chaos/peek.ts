import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'

/**
 * The test's own read-only look into Parley's database, apart from Parley's code: it must survive
 * the database going away (a query then fails, and the caller tries again later).
 */
export interface Peek {
  rows<T>(query: string): Promise<T[]>
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
  let connection: BetterSqlite3.Database | null = null
  return {
    rows: async <T>(query: string) => {
      // Opened on first use: the file exists only once `parley start` has created it.
      connection ??= new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 10_000 })
      return connection.prepare(query).all() as T[]
    },
    close: async () => void connection?.close(),
  }
}
