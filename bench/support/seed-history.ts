import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import type { Database } from '../../src/store/dialect.js'
import type { Location } from '../engines.js'
import { createHistory, EVENT_TYPES, eventsOf, MESSAGES_PER_CONTACT, phoneOf, startOf, type HistoryShape } from './message-history.js'

/**
 * Writes a generated history (bench/support/message-history.ts) into a migrated database: its
 * contacts, the business events its notifications came from, and its messages in time order.
 * SQLite gets one prepared insert per table run row by row in transactions of 100,000 rows on a
 * connection of the seeder's own (the fastest way into the file: no statement building, a commit
 * per transaction); PostgreSQL gets multi-row inserts of 1,000, 10 of them per transaction.
 */
export async function seedHistory(location: Location, database: Database, shape: HistoryShape): Promise<{ messages: number; seconds: number }> {
  const started = performance.now()
  const writer = location.kind === 'sqlite' ? sqliteWriter(location.file) : postgresWriter(database)
  const start = startOf(shape)
  const contacts = function* () {
    for (let i = 0; i < shape.contacts; i++) yield { id: `ct_${i}`, phone: phoneOf(i), created_at: start, updated_at: start }
  }
  const events = function* () {
    for (let e = 0; e < eventsOf(shape); e++) {
      yield { id: `ev_${e}`, type: EVENT_TYPES[e % EVENT_TYPES.length]!, occurred_at: start, body: '{}', request_hash: `h${e}`, contact_id: null, subject_id: null, received_at: start }
    }
  }
  const history = createHistory(shape)
  const messages = function* () {
    for (let k = 0; k < MESSAGES_PER_CONTACT; k++) for (let c = 0; c < shape.contacts; c++) yield history(c, k)
  }
  try {
    await writer.write('contacts', contacts())
    await writer.write('events', events())
    const written = await writer.write('messages', messages())
    // Fresh statistics, as a live database has them (the planners pick the range index by them).
    await writer.finish()
    return { messages: written, seconds: (performance.now() - started) / 1000 }
  } finally {
    writer.close()
  }
}

type Row = Record<string, unknown>
type Table = 'contacts' | 'events' | 'messages'

interface Writer {
  write(table: Table, rows: Iterable<Row>): Promise<number>
  finish(): Promise<void>
  close(): void
}

const SQLITE_TRANSACTION = 100_000

function sqliteWriter(file: string): Writer {
  const connection = new BetterSqlite3(file)
  connection.pragma('journal_mode = WAL')
  // A benchmark's file: a crash while seeding only means seeding again.
  connection.pragma('synchronous = OFF')
  connection.pragma('cache_size = -262144')
  return {
    async write(table, rows) {
      let statement: BetterSqlite3.Statement | null = null
      let columns: string[] = []
      let batch: Row[] = []
      let written = 0
      const flush = connection.transaction((part: Row[]) => {
        for (const row of part) statement!.run(columns.map((c) => row[c] ?? null))
      })
      for (const row of rows) {
        if (!statement) {
          columns = Object.keys(row)
          statement = connection.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
        }
        batch.push(row)
        if (batch.length === SQLITE_TRANSACTION) {
          flush(batch)
          written += batch.length
          batch = []
          // Lets a signal's cleanup run between transactions.
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
      if (batch.length > 0) flush(batch)
      return written + batch.length
    },
    async finish() {
      connection.exec('analyze')
      connection.pragma('wal_checkpoint(TRUNCATE)')
    },
    close: () => connection.close(),
  }
}

function postgresWriter(database: Database): Writer {
  const { db } = database
  return {
    async write(table, rows) {
      let written = 0
      let parts: Row[][] = []
      let part: Row[] = []
      const flush = () =>
        db.transaction().execute(async (trx) => {
          for (const p of parts) await trx.insertInto(table).values(p as never).execute()
        })
      for (const row of rows) {
        part.push(row)
        if (part.length === 1000) {
          parts.push(part)
          part = []
          if (parts.length === 10) {
            await flush()
            written += 10_000
            parts = []
          }
        }
      }
      if (part.length > 0) parts.push(part)
      if (parts.length > 0) await flush()
      return written + parts.reduce((n, p) => n + p.length, 0)
    },
    async finish() {
      await sql`analyze`.execute(db)
    },
    close: () => undefined,
  }
}
