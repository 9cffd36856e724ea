/**
 * Baseline (a): the least a server can do with Parley's batch request — a bare Fastify route that
 * parses the same JSON body and inserts its messages into a plain table in one transaction
 * (a prepared better-sqlite3 statement; a multi-row insert on PostgreSQL), answering with an id per
 * item like Parley does. No validation, no auth, no contacts, no history, no outbox indexes.
 * Same process layout as Parley (its own process), same client, same batch size and concurrency:
 * the ratio "Parley accept ÷ bare insert" is the price of everything Parley does on acceptance.
 * `POST /v1/events/batch` does the same with the events API's batches (bench/events-api.ts): each
 * event one row, its first phone as the recipient, its type as the sender, its data as the content.
 */
import BetterSqlite3 from 'better-sqlite3'
import Fastify from 'fastify'
import pg from 'pg'
import { createIds } from '../src/runtime/ids.js'
import { serveRpc } from './processes.js'
import { sampleRss } from './rss.js'

interface EventItem {
  id: string
  type: string
  contact?: { phone: string }
  subject?: { contacts: Array<{ phone: string }> }
  data?: unknown
}

interface Item {
  to: string
  from?: string
  template: unknown
}

type Insert = (rows: Array<[string, string, string, string, number]>) => Promise<void>

const spec = JSON.parse(process.env.BENCH_BARE ?? '{}') as { file?: string; url?: string; schema?: string }
const create = 'create table bare_messages (id text primary key, recipient text not null, sender text not null, content text not null, created_at bigint not null)'

async function openInsert(): Promise<{ insert: Insert; close(): Promise<void> }> {
  if (spec.file) {
    const db = new BetterSqlite3(spec.file)
    // The pragmas Parley's SQLite runs with (src/store/sqlite/open-sqlite.ts).
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(create)
    const statement = db.prepare('insert into bare_messages (id, recipient, sender, content, created_at) values (?, ?, ?, ?, ?)')
    const many = db.transaction((rows: Array<[string, string, string, string, number]>) => {
      for (const row of rows) statement.run(...row)
    })
    return { insert: async (rows) => many(rows), close: async () => void db.close() }
  }
  // Parley's PostgreSQL pool size (src/store/postgres/open-postgres.ts).
  const pool = new pg.Pool({ connectionString: spec.url, max: 10, options: `-c search_path=${spec.schema}` })
  await pool.query(create)
  return {
    async insert(rows) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        // 500 rows × 5 parameters per statement, like Parley's chunking, well under the 65,535 limit.
        for (let i = 0; i < rows.length; i += 500) {
          const part = rows.slice(i, i + 500)
          const values = part.map((_, r) => `($${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5})`).join(', ')
          await client.query(`insert into bare_messages (id, recipient, sender, content, created_at) values ${values}`, part.flat())
        }
        await client.query('commit')
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

// Parley's own id scheme (time-ordered), so the primary-key index grows at its end as Parley's does.
const ids = createIds()
const store = await openInsert()
const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 })
app.post<{ Body: { messages: Item[] } }>('/v1/messages/batch', async (request, reply) => {
  const now = Date.now()
  const rows = request.body.messages.map((m) => [ids.next('msg'), m.to, m.from ?? 'default', JSON.stringify(m.template), now] as [string, string, string, string, number])
  await store.insert(rows)
  return reply.status(202).send({ accepted: rows.length, rejected: 0, results: rows.map((r, index) => ({ index, id: r[0], status: 'queued' })) })
})
app.post<{ Body: { events: EventItem[] } }>('/v1/events/batch', async (request, reply) => {
  const now = Date.now()
  const rows = request.body.events.map((e) => [ids.next('msg'), e.contact?.phone ?? e.subject?.contacts[0]?.phone ?? '', e.type, JSON.stringify(e.data ?? {}), now] as [string, string, string, string, number])
  await store.insert(rows)
  return reply.status(202).send({ results: request.body.events.map((e, index) => ({ id: e.id, status: 'handled', row: rows[index]![0] })) })
})
const url = await app.listen({ host: '127.0.0.1', port: 0 })
const rss = sampleRss()

serveRpc({
  reset() {
    rss.reset()
    return {}
  },
  usage() {
    return { peakRss: rss.peak() }
  },
})

const stop = () =>
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)

process.stdout.write(`bare listening at ${url}\n`)
