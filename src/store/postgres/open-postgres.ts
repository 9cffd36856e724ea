import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database, DialectCapabilities } from '../dialect.js'
import type { DB, ReceiptsDB } from '../schema.js'

const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03'])

const capabilities: DialectCapabilities = {
  name: 'postgres',
  supportsSkipLocked: true,
  sharedAcrossMachines: true,
  currentTimeMs: sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`,
  autoIncrementType: 'bigserial',
  isTransient: (error) => TRANSIENT_CODES.has((error as { code?: string } | null)?.code ?? ''),
}

const INT8_OID = 20

// Times are epoch milliseconds in bigint columns; they fit a JS number exactly.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PostgresOptions {
  url: string
  /** A schema to work in (created if missing); tests isolate themselves this way. */
  schema?: string
  poolSize?: number
  /** Told when an idle pooled connection is lost (the server restarted or cut it); the pool reconnects on its own. */
  onConnectionLost?: (error: Error) => void
}

/** Connects a pool to PostgreSQL. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name: ${options.schema}`)
    const admin = new pg.Client({ connectionString: options.url })
    await admin.connect()
    try {
      await admin.query(`create schema if not exists ${options.schema}`)
    } finally {
      await admin.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // A connection the server drops (a restart, a failover) emits 'error' on its client, and on the
  // pool too while it sits idle there; an 'error' event nobody listens to ends the whole process.
  // Each client is heard for its whole life, checked out or not (a query running on it fails on
  // its own as well, and the pool discards the client); the pool's copy of the event adds nothing.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionLost?.(error)))
  pool.on('error', () => undefined)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  const { rows } = await pool.query<{ schema: string }>('select current_schema() as schema')
  return {
    db,
    // The same tables in the same database: PostgreSQL locks rows, not files.
    receipts: db as unknown as Kysely<ReceiptsDB>,
    capabilities,
    schema: rows[0]!.schema,
    longRead: async (query) => (await db.executeQuery(query)).rows,
    close: () => db.destroy(),
  }
}
