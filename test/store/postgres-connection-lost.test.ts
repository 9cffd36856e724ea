import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, expect, inject, it } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { describeEachDatabase } from '../support/databases.js'

/**
 * A PostgreSQL restart or failover drops the pool's idle connections. The pool reports that as an
 * 'error' event; unheard, Node would take it for an uncaught error and end the process (every
 * Parley process died this way when the chaos test restarted PostgreSQL).
 */
describeEachDatabase('a lost PostgreSQL connection', (dialect) => {
  let database: Database | undefined
  afterEach(async () => database?.close())

  it.skipIf(dialect === 'sqlite')('is reported, not fatal, and the next query reconnects', async () => {
    const url = inject('postgresUrl')!
    let lost!: (error: Error) => void
    const reported = new Promise<Error>((resolve) => (lost = resolve))
    database = await openPostgres({ url, onConnectionLost: (error) => lost(error) })
    const backend = () => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database!.db)
    const { rows } = await backend()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      // The connection is idle in the pool now: ended by the server, as a restart would.
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid])
    } finally {
      await admin.end()
    }
    expect((await reported).message).toMatch(/terminat/i)
    expect((await backend()).rows[0]!.pid).not.toBe(rows[0]!.pid)
  })
})
