import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import type { Database } from '../../src/store/dialect.js'
import { TEMPLATE } from '../workload.js'

/** Contacts in a queue: below this every queued message has a contact of its own, above it a contact has several waiting. */
export const MAX_CONTACTS = 100_000

export interface SeededQueue {
  contacts: number
  seconds: number
}

const templateContent = () => JSON.stringify({ kind: 'template', name: TEMPLATE.name, language: TEMPLATE.language, params: [] })

/**
 * Queued messages as the batch API leaves them (outbox.ts insertMessages): template content,
 * `queued`, due now, round-robin over contacts and contacts over the senders, so every sender's
 * queue has heads to claim and, above MAX_CONTACTS, messages waiting behind them.
 */
export function seedQueue(file: string, depth: number, senders: readonly string[], now: number): SeededQueue {
  const started = performance.now()
  const contacts = Math.min(depth, MAX_CONTACTS)
  const connection = new BetterSqlite3(file)
  try {
    connection.pragma('journal_mode = WAL')
    connection.pragma('synchronous = OFF')
    const contact = connection.prepare('insert into contacts (id, phone, created_at, updated_at) values (?, ?, ?, ?)')
    connection.transaction(() => {
      // +49151…1, as bench/workload.ts: the sandbox treats numbers ending in 0000 as not on WhatsApp.
      for (let c = 0; c < contacts; c++) contact.run(`ctq_${c}`, `+49151${String(c).padStart(7, '0')}1`, now, now)
    })()
    const content = templateContent()
    const message = connection.prepare(
      `insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts, due_at, market, template_name, template_language, created_at, updated_at)
       values (?, 'outbound', 'whatsapp', ?, ?, 'meta', 'meta', 'template', ?, 'Hello World', 'queued', 0, ?, 'DE', ?, ?, ?, ?)`,
    )
    const insertRange = connection.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const c = i % contacts
        message.run(`mq_${i}`, `ctq_${c}`, senders[c % senders.length]!, content, now, TEMPLATE.name, TEMPLATE.language, now, now)
      }
    })
    for (let from = 0; from < depth; from += 100_000) insertRange(from, Math.min(depth, from + 100_000))
    // Fresh statistics, as a live database has them.
    connection.exec('analyze')
    connection.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    connection.close()
  }
  return { contacts, seconds: (performance.now() - started) / 1000 }
}

const POSTGRES_STATEMENT = 100_000

/**
 * The same rows as seedQueue, written into a migrated PostgreSQL schema (the database's
 * search_path) by the server itself: `insert … select` over generate_series, 100,000 messages a
 * statement, in message order so that `seq` follows `mq_<i>` as it does on SQLite.
 */
export async function seedQueuePostgres(database: Database, depth: number, senders: readonly string[], now: number): Promise<SeededQueue> {
  const started = performance.now()
  const contacts = Math.min(depth, MAX_CONTACTS)
  const { db } = database
  // lpad(…, 7) is padStart(7) while contacts stay below 10,000,000 (MAX_CONTACTS).
  await sql`insert into contacts (id, phone, created_at, updated_at)
    select 'ctq_' || c, '+49151' || lpad(c::text, 7, '0') || '1', ${now}::bigint, ${now}::bigint
      from generate_series(0, ${contacts - 1}::integer) c`.execute(db)
  for (let from = 0; from < depth; from += POSTGRES_STATEMENT) {
    const to = Math.min(depth, from + POSTGRES_STATEMENT)
    await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts, due_at, market, template_name, template_language, created_at, updated_at)
      select 'mq_' || i, 'outbound', 'whatsapp', 'ctq_' || (i % ${contacts}::integer), (${[...senders]}::text[])[(i % ${contacts}::integer) % ${senders.length}::integer + 1],
             'meta', 'meta', 'template', ${templateContent()}, 'Hello World', 'queued', 0, ${now}::bigint, 'DE', ${TEMPLATE.name}, ${TEMPLATE.language}, ${now}::bigint, ${now}::bigint
        from generate_series(${from}::integer, ${to - 1}::integer) i
       order by i`.execute(db)
  }
  // Fresh statistics, as on SQLite; the vacuum too, or autovacuum would take up the fresh million
  // rows on its own schedule, in the middle of some depth's measurements.
  await sql`vacuum (analyze) contacts, messages`.execute(db)
  return { contacts, seconds: (performance.now() - started) / 1000 }
}
