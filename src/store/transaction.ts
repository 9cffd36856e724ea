import type { Transaction } from 'kysely'
import type { Database } from './dialect.js'
import type { DB } from './schema.js'

export type Trx = Transaction<DB>

const MAX_ATTEMPTS = 5

/**
 * Runs `work` in a transaction, again from the start when the engine reports a transient conflict
 * (a PostgreSQL deadlock between a worker and the webhook processor, a busy SQLite file).
 */
export async function inTransaction<T>(database: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.db.transaction().execute(work)
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !database.capabilities.isTransient(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt))
    }
  }
}

/** Splits rows for multi-row statements, under every engine's bound-parameter limit. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
