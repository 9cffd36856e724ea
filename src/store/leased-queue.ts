import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely'
import type { Duration, Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import type { Trx } from './transaction.js'

/** The tables that are leased queues: each row has `lease_owner` and `lease_until`. */
export type LeasedTable = 'messages' | 'webhook_receipts' | 'webhook_deliveries'

export interface LeaseClaim {
  table: LeasedTable
  /** The row key the claim orders by and returns (`id`, or the outbox's `seq`). */
  key: 'id' | 'seq'
  /** Which rows are ready, besides not being leased by someone else (the candidate row is `candidate`). */
  ready: RawBuilder<unknown>
  /** More columns set on the claimed rows (the outbox moves them to `sending`). */
  set?: RawBuilder<unknown>
  /** Columns to return (default: the key). */
  returning?: RawBuilder<unknown>
  now: Instant
  limit: number
  lease: Duration
  owner: string
}

/**
 * The one claim of every queue Parley keeps in its database (the outbox, provider webhook receipts,
 * deliveries to the business's systems): take up to `limit` ready rows that nobody holds — or
 * whose holder's lease has run out, so a process that died leaves nothing stuck — oldest first,
 * and lease them to `owner`. On PostgreSQL concurrent claimers skip each other's locked rows
 * (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time. The candidates are chosen once, in a
 * materialised CTE: as a plain `IN (subquery … limit)` PostgreSQL may re-run it during the update
 * and take more than `limit` rows.
 */
export async function claimLeased<Row>(executor: Trx | QueryExecutorProvider, database: Database, claim: LeaseClaim): Promise<Row[]> {
  if (claim.limit <= 0) return []
  const table = sql.table(claim.table)
  const key = sql.ref(claim.key)
  const free = sql`(lease_until is null or lease_until <= ${claim.now})`
  const lock = database.capabilities.supportsSkipLocked ? sql`for update skip locked` : sql``
  const result = await sql<Row>`
    with next as materialized (
      select ${key} from ${table} as candidate
       where ${claim.ready} and ${free}
       order by ${key}
       limit ${claim.limit}
       ${lock})
    update ${table}
       set lease_owner = ${claim.owner}, lease_until = ${claim.now + claim.lease}${claim.set ? sql`, ${claim.set}` : sql``}
     where ${key} in (select ${key} from next) and ${free}
    returning ${claim.returning ?? key}`.execute(executor)
  return result.rows
}
