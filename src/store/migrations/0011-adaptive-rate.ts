import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * A sender's token bucket keeps the last throttle cut of its rate (the rate right after the cut and
 * when): every worker reads it with the tokens, in the same statement, and refills at the rate it
 * gives. Both null until the provider first throttles the number.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('rate_buckets').addColumn('cut_rate', 'double precision').execute()
  await db.schema.alterTable('rate_buckets').addColumn('cut_at', 'bigint').execute()
}
