import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'

const RESTART_FRAMES = 64 // 256 KB of log
const PAGE = 4096

let dir: string
let file: string
let database: Database
let readers: BetterSqlite3.Database[]

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-wal-size-'))
  file = join(dir, 'parley.db')
  database = openSqlite({ file, walRestartFrames: RESTART_FRAMES })
  await sql`create table blobs (id integer primary key, body blob not null)`.execute(database.db)
  readers = [new BetterSqlite3(file), new BetterSqlite3(file)]
})
afterEach(async () => {
  for (const reader of readers) {
    if (reader.inTransaction) reader.exec('commit')
    reader.close()
  }
  await database.close()
  rmSync(dir, { recursive: true, force: true })
})

const walBytes = () => statSync(`${file}-wal`).size

/**
 * Steady load as two processes make it: writes all the time, and always some reader inside a
 * snapshot (two readers overlapping, as the other process's reads do). Such a log never empties
 * by itself; it must still start over and be cut back, not grow by every page ever written.
 */
it('starts the log over and cuts it back while readers and writers never pause', async () => {
  const body = Buffer.alloc(16 * 1024, 7)
  let reading = 0
  readers[0]!.exec('begin')
  readers[0]!.prepare('select count(*) from blobs').get()
  // The next reader takes its snapshot before the current one lets go: there is always one.
  const relay = setInterval(() => {
    const next = readers[1 - reading]!
    next.exec('begin')
    next.prepare('select count(*) from blobs').get()
    readers[reading]!.exec('commit')
    reading = 1 - reading
  }, 1)
  let largest = 0
  let cutBack = false
  const deadline = Date.now() + 60_000
  try {
    while (!cutBack) {
      // Bounded by size as well as time: a log that is never cut back would fill the disk.
      if (Date.now() > deadline || largest > 256 * RESTART_FRAMES * PAGE) throw new Error(`the log was never cut back (largest ${largest} bytes)`)
      await sql`insert into blobs (body) values (${body})`.execute(database.db)
      // Paced, so that the checkpointer's rounds (every 100 ms) come between writes.
      await new Promise((resolve) => setTimeout(resolve, 1))
      const size = walBytes()
      if (size < largest) cutBack = true
      largest = Math.max(largest, size)
    }
  } finally {
    clearInterval(relay)
  }
  // Once cut back it is no larger than the limit plus what was written since.
  expect(walBytes()).toBeLessThan(largest)
  expect(largest).toBeGreaterThan(RESTART_FRAMES * PAGE)
}, 90_000)
