import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { receiptsFileOf } from '../../src/store/sqlite/receipts-file.js'
import { inTransaction } from '../../src/store/transaction.js'
import { createWebhookReceiptStore } from '../../src/store/webhook-receipts.js'

/**
 * On SQLite, webhook receipts are a file of their own: storing one never waits for the main file's
 * write lock, which the worker applying them holds for its transactions (`parley start` runs
 * intake and that worker in two processes, here two connections).
 */
describe('SQLite: webhook receipts in a file of their own', () => {
  let dir: string
  let intake: Database
  let worker: Database

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-receipts-file-'))
    // A short lock timeout: a receipt that had to wait for the main file's lock would fail with SQLITE_BUSY.
    intake = openSqlite({ file: join(dir, 'parley.db'), lockTimeoutMs: 50 })
    worker = openSqlite({ file: join(dir, 'parley.db') })
  })
  afterEach(async () => {
    await intake.close()
    await worker.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('names the file beside the main one', () => {
    expect(receiptsFileOf('/data/parley.db')).toBe('/data/parley-receipts.db')
    expect(receiptsFileOf('/data/parley')).toBe('/data/parley-receipts')
    expect(existsSync(join(dir, 'parley-receipts.db'))).toBe(true)
  })

  it('stores a receipt while another connection holds the main file write lock', async () => {
    await migrateToLatest(intake)
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let holding!: () => void
    const lockTaken = new Promise<void>((resolve) => (holding = resolve))
    const holder = inTransaction(worker, async (trx) => {
      await sql`update contacts set name = name`.execute(trx)
      holding()
      await held
    })
    await lockTaken
    try {
      await createWebhookReceiptStore(intake).add('meta', Buffer.from('{"a":1}'), 1)
      const claimed = await createWebhookReceiptStore(worker).claim(10, 2, 60_000, 'worker')
      expect(claimed.map((r) => r.body.toString())).toEqual(['{"a":1}'])
    } finally {
      release()
      await holder
    }
  })

  it('moves the receipts of the main file into it at migration 0033, ids and state kept', async () => {
    await migrateToLatest(intake, { before: '0033-receipts-file' })
    for (const [id, state] of [[7, 'pending'], [8, 'processed'], [9, 'failed']] as const) {
      await sql`insert into webhook_receipts (id, provider, received_at, body, state) values (${id}, 'meta', ${id}, ${Buffer.from(`{"n":${id}}`)}, ${state})`.execute(intake.db)
    }
    await migrateToLatest(intake)

    const rows = await intake.receipts.selectFrom('webhook_receipts').select(['id', 'state', 'body']).orderBy('id').execute()
    expect(rows.map((r) => [r.id, r.state, r.body.toString()])).toEqual([
      [7, 'pending', '{"n":7}'],
      [8, 'processed', '{"n":8}'],
      [9, 'failed', '{"n":9}'],
    ])
    const left = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'webhook_receipts'`.execute(intake.db)
    expect(left.rows[0]!.n).toBe(0)
    // The pending one is still there to be applied, and new ids follow the moved ones.
    expect((await createWebhookReceiptStore(worker).claim(10, 10, 60_000, 'worker')).map((r) => r.id)).toEqual([7])
    await createWebhookReceiptStore(intake).add('meta', Buffer.from('{}'), 11)
    const newest = await intake.receipts.selectFrom('webhook_receipts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(newest.id).toBe(10)
  })
})
