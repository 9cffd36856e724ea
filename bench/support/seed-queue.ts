import BetterSqlite3 from 'better-sqlite3'
import { TEMPLATE } from '../workload.js'

/** Contacts in a queue: below this every queued message has a contact of its own, above it a contact has several waiting. */
export const MAX_CONTACTS = 100_000

/**
 * Queued messages as the batch API leaves them (outbox.ts insertMessages): template content,
 * `queued`, due now, round-robin over contacts and contacts over the senders, so every sender's
 * queue has heads to claim and, above MAX_CONTACTS, messages waiting behind them.
 */
export function seedQueue(file: string, depth: number, senders: readonly string[], now: number): { contacts: number; seconds: number } {
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
    const content = JSON.stringify({ kind: 'template', name: TEMPLATE.name, language: TEMPLATE.language, params: [] })
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
