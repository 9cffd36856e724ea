import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { inTransaction } from '../../src/store/transaction.js'

/**
 * Two connections to one SQLite file stand for `parley start`'s two processes (the API and its
 * worker process): one writes at a time, and the other waits for the lock without stopping its
 * event loop — with SQLite's own busy wait, the waiting one slept its thread, and in one thread the
 * holder could never finish.
 */
describe('SQLite write lock held by another connection', () => {
  let dir: string
  let first: Database
  let second: Database

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-lock-waits-'))
    first = openSqlite({ file: join(dir, 'parley.db') })
    second = openSqlite({ file: join(dir, 'parley.db') })
    await sql`create table notes (id integer primary key, text text not null)`.execute(first.db)
  })
  afterEach(async () => {
    await first.close()
    await second.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const texts = async () => (await sql<{ text: string }>`select text from notes order by id`.execute(first.db)).rows.map((r) => r.text)

  /** A transaction of `first` that has written `text` and holds the lock until released. */
  async function holdWriteLock(text: string): Promise<{ release(): void; holder: Promise<void> }> {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let holding!: () => void
    const lockTaken = new Promise<void>((resolve) => (holding = resolve))
    const holder = inTransaction(first, async (trx) => {
      await sql`insert into notes (text) values (${text})`.execute(trx)
      holding()
      await held
    })
    await lockTaken
    return { release, holder }
  }

  it('waits for the holder to commit while its event loop goes on, then writes', async () => {
    const { release, holder } = await holdWriteLock('first')
    const waiter = sql`insert into notes (text) values ('second')`.execute(second.db)
    // The waiting connection's statement is pending, yet timers of this thread still fire.
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    await holder
    await waiter
    expect(await texts()).toEqual(['first', 'second'])
  })

  it('starts a transaction only once the holder has committed, so its reads see the holder’s writes', async () => {
    const { release, holder } = await holdWriteLock('a')
    const counted = inTransaction(second, async (trx) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)
      await sql`insert into notes (text) values (${`after ${rows[0]!.n}`})`.execute(trx)
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    await Promise.all([holder, counted])
    expect(await texts()).toEqual(['a', 'after 1'])
  })

  it('gives up with SQLITE_BUSY when the lock is not released in time', async () => {
    // A raw connection of another process that never lets go.
    const other = new BetterSqlite3(join(dir, 'parley.db'))
    other.exec('begin immediate')
    const quick = openSqlite({ file: join(dir, 'parley.db'), lockTimeoutMs: 50 })
    try {
      await expect(sql`insert into notes (text) values ('never')`.execute(quick.db)).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    } finally {
      other.exec('rollback')
      other.close()
      await quick.close()
    }
    expect(await texts()).toEqual([])
  })
})
