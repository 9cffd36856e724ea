import { sql, type RawBuilder } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { InboundContent, MessageKind, OutboundContent } from '../core/messages/content.js'
import type { HistoryEntry, ListedStatus, MessageView, Page } from '../core/messages/ports.js'
import type { AwaitingStatus, MessageStatus } from '../core/messages/status.js'
import { decodeCursor, encodeCursor } from '../core/shared/page-cursor.js'
import type { Database } from './dialect.js'
import { chunk } from './transaction.js'
import { COST_COLUMNS, costFromRow } from './message-costs.js'

const VIEW_COLUMNS = [
  'messages.seq',
  'messages.id',
  'messages.direction',
  'messages.sender_id',
  'messages.provider',
  'messages.account',
  'messages.channel',
  'messages.kind',
  'messages.content',
  'messages.preview',
  'messages.segments',
  'messages.metadata',
  'messages.status',
  'messages.provider_message_id',
  'messages.reply_to',
  'messages.attempts',
  'messages.error_code',
  'messages.error_title',
  'messages.error_retryable',
  'messages.pricing_category',
  'messages.pricing_type',
  'messages.last_heard_status',
  'messages.last_heard_at',
  'messages.created_at',
  'messages.updated_at',
  ...COST_COLUMNS,
  'contacts.phone',
] as const

function baseQuery(database: Database) {
  return database.db.selectFrom('messages').innerJoin('contacts', 'contacts.id', 'messages.contact_id').select(VIEW_COLUMNS)
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

function toView(row: ViewRow): MessageView {
  return {
    id: row.id,
    direction: row.direction,
    contactPhone: row.phone,
    senderId: row.sender_id,
    provider: row.provider,
    account: row.account,
    channel: row.channel,
    kind: row.kind as MessageKind,
    content: JSON.parse(row.content) as OutboundContent | InboundContent,
    preview: row.preview,
    segments: row.segments === null ? null : Number(row.segments),
    status: row.status as MessageStatus,
    providerMessageId: row.provider_message_id,
    replyTo: row.reply_to,
    attempts: row.attempts,
    error: row.error_code ? { code: row.error_code, title: row.error_title ?? '', retryable: row.error_retryable === 1 } : null,
    metadata: row.metadata ? (JSON.parse(row.metadata) as Record<string, unknown>) : null,
    pricing: row.pricing_category || row.pricing_type ? { category: row.pricing_category ?? undefined, type: row.pricing_type ?? undefined } : null,
    cost: { estimated: costFromRow(row, 'estimated'), final: costFromRow(row, 'final') },
    lastHeard: row.last_heard_status && row.last_heard_at !== null ? { status: row.last_heard_status as AwaitingStatus, at: Number(row.last_heard_at) } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** One message, or null. */
export async function getMessage(database: Database, id: string): Promise<MessageView | null> {
  const row = await baseQuery(database).where('messages.id', '=', id).executeTakeFirst()
  return row ? toView(row) : null
}

/** A message's status history, oldest first. */
export async function getHistory(database: Database, id: string): Promise<HistoryEntry[]> {
  const rows = await database.db
    .selectFrom('message_events')
    .select(['status', 'at', 'source', 'error_code', 'error_title'])
    .where('message_id', '=', id)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    status: r.status as MessageStatus,
    at: r.at,
    source: r.source,
    error: r.error_code ? { code: r.error_code, title: r.error_title ?? '' } : null,
  }))
}

/** A contact's conversation, newest first; null when there is no such contact. The cursor is opaque. */
export async function listByContact(database: Database, phone: E164, limit: number, cursor: string | null): Promise<Page<MessageView> | null> {
  const contact = await database.db.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()
  if (!contact) return null
  return pageOf(baseQuery(database).where('messages.contact_id', '=', contact.id), limit, cursor)
}

const LISTED: Record<ListedStatus, RawBuilder<boolean>> = {
  // A literal, so SQLite can use the partial index messages_stale.
  stale: sql<boolean>`messages.status = 'stale'`,
}

/** Outbound messages in one status, newest first. The cursor is opaque. */
export async function listByStatus(database: Database, status: ListedStatus, limit: number, cursor: string | null): Promise<Page<MessageView>> {
  return pageOf(baseQuery(database).where(LISTED[status]), limit, cursor)
}

/** One page, newest first, of the messages `query` selects, from before the cursor's message. */
async function pageOf(query: ReturnType<typeof baseQuery>, limit: number, cursor: string | null): Promise<Page<MessageView>> {
  const before = cursor === null ? null : decodeCursor(cursor)
  if (before !== null) query = query.where('messages.seq', '<', before)
  const rows = await query.orderBy('messages.seq', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return { items: page.map(toView), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null }
}

/** Current statuses of the given messages. */
export async function getStatuses(database: Database, ids: string[]): Promise<Map<string, MessageStatus>> {
  const out = new Map<string, MessageStatus>()
  for (const part of chunk(ids, 500)) {
    const rows = await database.db.selectFrom('messages').select(['id', 'status']).where('id', 'in', part).execute()
    for (const row of rows) out.set(row.id, row.status as MessageStatus)
  }
  return out
}

/** Counts of unfinished outbound work. */
export async function queueDepth(database: Database): Promise<{ queued: number; sending: number }> {
  const rows = await database.db
    .selectFrom('messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    // Literal status words, so SQLite can use the partial index of unfinished messages.
    .where(sql<boolean>`status in ('queued', 'sending')`)
    .groupBy('status')
    .execute()
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0)
  return { queued: count('queued'), sending: count('sending') }
}
