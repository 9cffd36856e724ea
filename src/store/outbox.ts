import { sql } from 'kysely'
import type { OutboundContent } from '../core/messages/content.js'
import type { ClaimedMessage, EnqueueResult, IdempotencyClaim, NewOutboundMessage } from '../core/messages/ports.js'
import type { Ids } from '../core/ports.js'
import type { Duration, Instant } from '../core/shared/time.js'
import { ensureContacts, recipientsOf } from './contacts.js'
import { costColumns } from './message-costs.js'
import type { Database } from './dialect.js'
import { chunk, inTransaction, type Trx } from './transaction.js'
import { claimLeased } from './leased-queue.js'
import type { DomainEvent } from '../core/events/domain-event.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import { event, insertEvents, statusChanged } from './message-history.js'
import { receivingSince } from './receiver-heartbeats.js'
import { recordOutboundConversations } from './conversation-columns.js'
import { accrueSpend, CATEGORY_SPEND, spendOf, type SpendAccounting } from './cost-spend.js'

/** Stores accepted messages and their `queued` history in one transaction, guarded by an idempotency key. */
export async function enqueueMessages(
  database: Database,
  changes: ChangeRecorder,
  ids: Ids,
  messages: NewOutboundMessage[],
  now: Instant,
  idempotency?: IdempotencyClaim,
): Promise<EnqueueResult> {
  return transactWithEvents(database, changes, now, async (trx, record) => {
    if (idempotency) {
      // A request that stores nothing (every item refused) claims no key: the client may correct
      // the body and retry with the same key. An earlier claim still answers (replay or conflict).
      const claimed =
        messages.length > 0 &&
        (await trx
          .insertInto('idempotency_keys')
          .values({ scope: idempotency.scope, key: idempotency.key, request_hash: idempotency.requestHash, result: idempotency.result, created_at: now })
          .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst()) !== undefined
      if (!claimed) {
        const existing = await trx
          .selectFrom('idempotency_keys')
          .select(['request_hash', 'result'])
          .where('scope', '=', idempotency.scope)
          .where('key', '=', idempotency.key)
          .executeTakeFirst()
        if (existing) return existing.request_hash === idempotency.requestHash ? { kind: 'replay', result: existing.result } : { kind: 'conflict' }
        if (messages.length > 0) throw new Error(`idempotency key ${idempotency.key} neither claimed nor found`)
        return { kind: 'enqueued' }
      }
    }
    record(await insertMessages(trx, ids, messages, now, changes.spend))
    return { kind: 'enqueued' }
  })
}

/**
 * Inserts outbox rows (and their contacts, history and cancel keys) inside the caller's transaction,
 * adding their estimates to the month's spend; returns their `message.created` events and any budget alerts.
 */
export async function insertMessages(trx: Trx, ids: Ids, messages: NewOutboundMessage[], now: Instant, spend: SpendAccounting = CATEGORY_SPEND): Promise<DomainEvent[]> {
  if (messages.length === 0) return []
  const contacts = await ensureContacts(trx, ids, messages.map((m) => m.to), now)
  for (const part of chunk(messages, 500)) {
    await trx
      .insertInto('messages')
      .values(
        part.map((m) => ({
          id: m.id,
          direction: 'outbound' as const,
          channel: m.channel,
          contact_id: contacts.get(m.to)!,
          sender_id: m.senderId,
          provider: m.provider,
          account: m.account,
          kind: m.content.kind,
          content: JSON.stringify(m.content),
          preview: m.preview,
          segments: m.segments,
          ...costColumns('estimated', m.cost),
          cost_window: m.cost?.window ?? null,
          metadata: m.metadata ? JSON.stringify(m.metadata) : null,
          status: m.notification?.scheduled ? 'scheduled' : 'queued',
          attempts: 0,
          due_at: m.dueAt,
          event_id: m.notification?.eventId ?? null,
          rule_id: m.notification?.ruleId ?? null,
          category: m.notification?.category ?? null,
          expires_at: m.notification?.expiresAt ?? null,
          expect_reply: m.notification ? JSON.stringify(m.notification.expectReply ?? null) : null,
          market: m.market,
          template_name: m.content.kind === 'template' ? m.content.name : null,
          template_language: m.content.kind === 'template' ? m.content.language : null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
    await insertEvents(trx, part.map((m) => event(m.id, m.notification?.scheduled ? 'scheduled' : 'queued', now, now, 'api')))
    await recordOutboundConversations(trx, part.map((m) => ({ contactId: contacts.get(m.to)!, reply: !m.notification })), now)
    const keys = part.flatMap((m) => (m.notification?.cancelKeys ?? []).map((key) => ({ key, message_id: m.id })))
    for (const keyPart of chunk(keys, 500)) await trx.insertInto('cancel_keys').values(keyPart).onConflict((oc) => oc.doNothing()).execute()
  }
  const alerts = await accrueSpend(trx, spend, messages.flatMap((m) => (m.cost ? [spendOf(now, m.senderId, m.cost)] : [])), now)
  const created = messages.map((m): DomainEvent => ({
    type: 'message.created',
    messageId: m.id,
    to: m.to,
    senderId: m.senderId,
    kind: m.content.kind,
    status: m.notification?.scheduled ? 'scheduled' : 'queued',
    eventId: m.notification?.eventId ?? null,
    at: now,
  }))
  return [...created, ...alerts]
}

/**
 * Leases due messages of one sender (the leased-queue claim): the head of each contact's queue
 * only, so a contact never has two messages in flight and gets them in acceptance order.
 */
export async function claimDue(
  database: Database,
  senderId: string,
  now: Instant,
  limit: number,
  lease: Duration,
  owner: string,
): Promise<ClaimedMessage[]> {
  return inTransaction(database, async (trx) => {
    const rows = await claimLeased<{ seq: number; id: string; contact_id: string; sender_id: string; provider: string; content: string; attempts: number; created_at: number }>(
      trx,
      database,
      {
        table: 'messages',
        key: 'seq',
        // Only the head of each contact's queue: a contact never has two messages in flight.
        ready: sql`candidate.status = 'queued' and candidate.sender_id = ${senderId} and candidate.due_at <= ${now}
          and not exists (
            select 1 from messages p
             where p.contact_id = candidate.contact_id and p.status in ('queued', 'sending') and p.seq < candidate.seq)`,
        set: sql`status = 'sending', attempts = attempts + 1, updated_at = ${now}`,
        returning: sql`seq, id, contact_id, sender_id, provider, content, attempts, created_at`,
        now,
        limit,
        lease,
        owner,
      },
    )
    if (rows.length === 0) return []
    const contactById = await recipientsOf(trx, rows.map((r) => r.contact_id))
    await insertEvents(trx, rows.map((r) => event(r.id, 'sending', now, now, 'dispatcher', undefined, null, owner)))
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((r) => {
        const contact = contactById.get(r.contact_id)!
        return {
          id: r.id,
          seq: r.seq,
          contactId: r.contact_id,
          provider: r.provider,
          to: contact.phone,
          recipientId: contact.providerUserId,
          senderId: r.sender_id,
          content: JSON.parse(r.content) as OutboundContent,
          attempts: r.attempts,
          createdAt: r.created_at,
          leaseUntil: now + lease,
        }
      })
  })
}

const ABANDONED = { code: 'lease_expired', title: 'No outcome was recorded and no status webhook arrived in the grace period; sending again' }

/**
 * Requeues messages stuck in `sending` (a worker died, or a send went unanswered) once every webhook
 * that could vouch for them has had a whole grace period to arrive and has been processed. The
 * grace period starts at the later of the lease's end and the moment Parley could receive webhooks
 * again: after an outage the provider's retries of the webhooks it could not deliver come once
 * Parley is back (docs/platform.md §2.8), so counting from the lease's end would resend what the
 * provider already took. It ends at the oldest webhook receipt still waiting to be applied, so a
 * backlog of status webhooks delays resends instead of causing duplicates. While no process
 * receives webhooks, nothing is requeued.
 */
export async function requeueAbandoned(database: Database, now: Instant, grace: Duration): Promise<string[]> {
  // Read before the transaction: the receipts are a table family of their own (`Database.receipts`).
  // A receipt stored after this read is one more reason to wait, which the next round sees.
  const { rows: pending } = await sql<{ oldest: Instant | null }>`select min(received_at) as oldest from webhook_receipts where state = 'pending'`.execute(database.receipts)
  const oldestPending = pending[0]?.oldest ?? null
  return inTransaction(database, async (trx) => {
    // Literal status words here and below: they let SQLite use the partial indexes (see promoteScheduled).
    const { rows } = await sql<{ since: Instant | null }>`select ${receivingSince(now)} as since`.execute(trx)
    const since = rows[0]?.since ?? null
    if (since === null) return []
    const evidenceUntil = Math.min(now, oldestPending === null ? now : Number(oldestPending))
    if (since >= evidenceUntil - grace) return []
    const requeued = await trx
      .updateTable('messages')
      .set({ status: 'queued', due_at: now, lease_owner: null, lease_until: null, updated_at: now })
      .where(sql<boolean>`status = 'sending'`)
      .where('lease_until', '<', evidenceUntil - grace)
      .returning('id')
      .execute()
    await insertEvents(trx, requeued.map((r) => event(r.id, 'queued', now, now, 'reconciler', ABANDONED)))
    return requeued.map((r) => r.id)
  })
}

const EXPIRED = { code: 'expired', title: 'No use sending any more (e.g. the lesson has begun)' }

/** Queues due scheduled messages; cancels the ones that expired before they could go. */
export async function promoteScheduled(database: Database, changes: ChangeRecorder, now: Instant): Promise<{ queued: string[]; expired: string[] }> {
  // Every dispatcher asks several times a second and nearly always finds nothing: one read first,
  // outside a transaction (on SQLite without the write lock, on PostgreSQL one round trip, not four).
  const { rows } = await sql<{ due: boolean | number }>`
    select (exists (select 1 from messages where status = 'scheduled' and due_at <= ${now})
         or exists (select 1 from messages where status in ('scheduled', 'queued') and expires_at is not null and expires_at <= ${now})) as due`.execute(database.db)
  if (!rows[0]?.due) return { queued: [], expired: [] }
  return transactWithEvents(database, changes, now, async (trx, record) => {
    const expired = await trx
      .updateTable('messages')
      .set({ status: 'cancelled', due_at: null, updated_at: now, error_code: EXPIRED.code, error_title: EXPIRED.title, error_retryable: 0 })
      // Literals, not parameters: SQLite uses a partial index only when the query's terms prove its
      // condition when the statement is prepared (messages_expiring, messages_scheduled_due).
      .where(sql<boolean>`status in ('scheduled', 'queued') and expires_at is not null`)
      .where('expires_at', '<=', now)
      .returning('id')
      .execute()
    const queued = await trx
      .updateTable('messages')
      .set({ status: 'queued', updated_at: now })
      .where(sql<boolean>`status = 'scheduled'`)
      .where('due_at', '<=', now)
      .returning('id')
      .execute()
    await insertEvents(trx, [
      ...expired.map((r) => event(r.id, 'cancelled', now, now, 'dispatcher', EXPIRED)),
      ...queued.map((r) => event(r.id, 'queued', now, now, 'dispatcher')),
    ])
    record(expired.map((r) => statusChanged(r.id, null, 'cancelled', 'dispatcher', EXPIRED, now)))
    return { queued: queued.map((r) => r.id), expired: expired.map((r) => r.id) }
  })
}

/** Cancels the unsent messages any of `keys` points at. */
export async function cancelByKeys(
  database: Database,
  changes: ChangeRecorder,
  keys: string[],
  reason: { code: string; title: string },
  now: Instant,
): Promise<string[]> {
  if (keys.length === 0) return []
  return transactWithEvents(database, changes, now, async (trx, record) => {
    const { cancelled, events } = await cancelByKeysIn(trx, keys, reason, now)
    record(events)
    return cancelled
  })
}

/** Cancels unsent messages holding any of these keys, inside the caller's transaction; returns their ids and `message.status_changed` events. */
export async function cancelByKeysIn(
  trx: Trx,
  keys: readonly string[],
  reason: { code: string; title: string },
  now: Instant,
): Promise<{ cancelled: string[]; events: DomainEvent[] }> {
  if (keys.length === 0) return { cancelled: [], events: [] }
  // Remembered even when nothing is waiting: a message already sent may still fall back to SMS.
  const distinct = [...new Set(keys)]
  for (const part of chunk(distinct, 500)) {
    await trx
      .insertInto('cancellations')
      .values(part.map((key) => ({ key, last_at: now })))
      .onConflict((oc) => oc.column('key').doUpdateSet({ last_at: now }))
      .execute()
  }
  const rows = await trx
    .updateTable('messages')
    .set({ status: 'cancelled', due_at: null, updated_at: now, error_code: reason.code, error_title: reason.title, error_retryable: 0 })
    .where('status', 'in', ['scheduled', 'queued'])
    .where('id', 'in', (eb) => eb.selectFrom('cancel_keys').select('message_id').where('key', 'in', [...keys]))
    .returning('id')
    .execute()
  await insertEvents(trx, rows.map((r) => event(r.id, 'cancelled', now, now, 'api', reason)))
  return { cancelled: rows.map((r) => r.id), events: rows.map((r) => statusChanged(r.id, null, 'cancelled', 'api', reason, now)) }
}
