import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterEach, expect, inject, it } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { describeEachDatabase } from '../support/databases.js'

const backendPid = async (db: Kysely<any>): Promise<number> => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid

/** Ends a backend from outside, as a server restart or failover would. */
async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('select pg_terminate_backend($1)', [pid])
  } finally {
    await admin.end()
  }
}

/**
 * A PostgreSQL restart or failover drops the pool's connections. Each dropped client emits 'error';
 * unheard, Node takes it for an uncaught error and ends the process (every Parley process died this
 * way when the chaos test restarted PostgreSQL).
 */
describeEachDatabase('a lost PostgreSQL connection', (dialect) => {
  let database: Database | undefined
  afterEach(async () => database?.close())

  async function open(): Promise<{ url: string; reported: Promise<Error> }> {
    const url = inject('postgresUrl')!
    let lost!: (error: Error) => void
    const reported = new Promise<Error>((resolve) => (lost = resolve))
    database = await openPostgres({ url, onConnectionLost: (error) => lost(error) })
    return { url, reported }
  }

  it.skipIf(dialect === 'sqlite')('while idle in the pool: reported, not fatal, and the next query reconnects', async () => {
    const { url, reported } = await open()
    const pid = await backendPid(database!.db)
    await terminate(url, pid)
    expect((await reported).message).toMatch(/terminat/i)
    expect(await backendPid(database!.db)).not.toBe(pid)
  })

  it.skipIf(dialect === 'sqlite')('while checked out between two statements: the transaction fails, the process lives, the pool reconnects', async () => {
    const { url, reported } = await open()
    let pid = 0
    const transaction = database!.db.transaction().execute(async (trx) => {
      pid = await backendPid(trx)
      await terminate(url, pid)
      await reported
      await sql`select 1`.execute(trx)
    })
    await expect(transaction).rejects.toThrow()
    expect(await backendPid(database!.db)).not.toBe(pid)
  })
})
