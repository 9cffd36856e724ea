import { sql } from 'kysely'
import type { Database } from './dialect.js'

/** The database server's current time in epoch milliseconds. */
export async function readDatabaseTime(database: Database): Promise<number> {
  const result = await sql<{ now: number }>`select ${database.capabilities.currentTimeMs} as now`.execute(database.db)
  return Number(result.rows[0]!.now)
}
