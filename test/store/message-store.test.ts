import { afterEach, beforeEach, expect, it } from 'vitest'
import { normalizePhone, type E164 } from '../../src/core/contacts/phone.js'
import type { MessageStore, NewOutboundMessage } from '../../src/core/messages/ports.js'
import type { StatusEvent } from '../../src/core/providers/provider.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createMessageStore } from '../../src/store/message-store.js'
import { createIds } from '../../src/runtime/ids.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const ids = createIds()
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)
const ANA = phone('+4915112345678')
const BEN = phone('+4915112345679')

function phone(input: string): E164 {
  const parsed = normalizePhone(input)
  if (!parsed.ok) throw new Error(input)
  return parsed.e164
}

function outbound(to: E164, text: string, overrides: Partial<NewOutboundMessage> = {}): NewOutboundMessage {
  return {
    id: ids.next('msg'),
    to,
    market: 'DE',
    senderId: 'default',
    provider: 'meta',
    content: { kind: 'text', text },
    preview: text,
    metadata: null,
    dueAt: T0,
    ...overrides,
  }
}

function status(messageId: string, s: StatusEvent['status'], at: number, extra: Partial<StatusEvent> = {}): StatusEvent {
  return { kind: 'status', providerMessageId: `wamid.${messageId}`, messageId, status: s, at, ...extra }
}

describeEachDatabase('message store', (dialect) => {
  let t: TestDatabase
  let store: MessageStore

  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    store = createMessageStore(t.database, ids)
  })
  afterEach(async () => t.close())

  it('migrates idempotently', async () => {
    expect(await migrateToLatest(t.database)).toEqual([])
  })

  it('enqueues messages with their contact and a queued history entry', async () => {
    const m = outbound(ANA, 'hello')
    expect(await store.enqueue([m], T0)).toEqual({ kind: 'enqueued' })
    const view = await store.get(m.id)
    expect(view).toMatchObject({ id: m.id, direction: 'outbound', contactPhone: ANA, status: 'queued', attempts: 0, kind: 'text' })
    expect(await store.history(m.id)).toEqual([{ status: 'queued', at: T0, source: 'api', error: null }])
  })

  it('replays an idempotency key with the same body and refuses it with another', async () => {
    const first = outbound(ANA, 'hello')
    const claim = { scope: 'messages', key: 'k1', requestHash: 'h1', result: JSON.stringify([first.id]) }
    expect(await store.enqueue([first], T0, claim)).toEqual({ kind: 'enqueued' })
    const again = outbound(ANA, 'hello')
    expect(await store.enqueue([again], T0, { ...claim, result: JSON.stringify([again.id]) })).toEqual({ kind: 'replay', result: JSON.stringify([first.id]) })
    expect(await store.get(again.id)).toBeNull()
    expect(await store.enqueue([outbound(ANA, 'other')], T0, { ...claim, requestHash: 'h2' })).toEqual({ kind: 'conflict' })
  })

  it('claims one message per contact, in acceptance order, and leases it', async () => {
    const a1 = outbound(ANA, 'a1')
    const a2 = outbound(ANA, 'a2')
    const b1 = outbound(BEN, 'b1')
    await store.enqueue([a1, a2, b1], T0)
    const first = await store.claimDue('default', T0, 10, 60_000, 'w1')
    expect(first.map((m) => m.id)).toEqual([a1.id, b1.id])
    expect(first[0]).toMatchObject({ to: ANA, attempts: 1, recipientId: null, content: { kind: 'text', text: 'a1' } })
    // a2 waits while a1 is in flight.
    expect(await store.claimDue('default', T0, 10, 60_000, 'w2')).toEqual([])
    await store.recordOutcomes([{ message: first[0]!, outcome: { kind: 'accepted', providerMessageId: 'wamid.a1' } }], 'w1', T0 + 5)
    const second = await store.claimDue('default', T0 + 10, 10, 60_000, 'w2')
    expect(second.map((m) => m.id)).toEqual([a2.id])
    expect((await store.get(a1.id))?.status).toBe('accepted')
  })

  it('holds later messages of a contact behind an earlier one that waits for a retry', async () => {
    const a1 = outbound(ANA, 'a1')
    const a2 = outbound(ANA, 'a2')
    await store.enqueue([a1, a2], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    const error = { code: '130429', title: 'Rate limit hit', retryable: true }
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'requeue', dueAt: T0 + 1000, error } }], 'w1', T0)
    expect(await store.claimDue('default', T0 + 500, 10, 60_000, 'w1')).toEqual([])
    const retried = await store.claimDue('default', T0 + 1000, 10, 60_000, 'w1')
    expect(retried.map((m) => [m.id, m.attempts])).toEqual([[a1.id, 2]])
    const view = await store.get(a1.id)
    expect(view?.error).toEqual(error)
    expect((await store.history(a1.id)).map((h) => h.status)).toEqual(['queued', 'sending', 'queued', 'sending'])
  })

  it('only claims messages of the given sender that are due', async () => {
    await store.enqueue([outbound(ANA, 'later', { dueAt: T0 + 60_000 }), outbound(BEN, 'other sender', { senderId: 'second' })], T0)
    expect(await store.claimDue('default', T0, 10, 60_000, 'w1')).toEqual([])
    expect(await store.claimDue('second', T0, 10, 60_000, 'w1')).toHaveLength(1)
  })

  it('fails a message for good, keeping the provider code and title', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'fail', error: { code: '131026', title: 'Message undeliverable', retryable: false } } }], 'w1', T0)
    expect(await store.get(m.id)).toMatchObject({ status: 'failed', error: { code: '131026', title: 'Message undeliverable', retryable: false } })
  })

  it('moves statuses forward only, records repeats once, and keeps late events in the history', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w1', T0)
    const pricing = { model: 'PMP', type: 'regular', category: 'utility' }
    expect(await store.applyStatuses([status(m.id, 'sent', T0 + 1000, { pricing })], T0)).toEqual(['applied'])
    expect(await store.applyStatuses([status(m.id, 'read', T0 + 3000)], T0)).toEqual(['applied'])
    expect(await store.applyStatuses([status(m.id, 'delivered', T0 + 2000), status(m.id, 'read', T0 + 3000)], T0)).toEqual(['applied', 'duplicate'])
    expect(await store.applyStatuses([status(m.id, 'failed', T0 + 4000, { error: { code: '131000', title: 'x', retryable: true } })], T0)).toEqual(['applied'])
    const view = await store.get(m.id)
    expect(view).toMatchObject({ status: 'read', error: null, pricing: { category: 'utility', type: 'regular' } })
    const history = await store.history(m.id)
    expect(history.map((h) => h.status)).toEqual(['queued', 'sending', 'accepted', 'sent', 'read', 'delivered', 'failed'])
  })

  it('applies a batch holding several statuses of several messages, repeats included, in one go', async () => {
    const a = outbound(ANA, 'a')
    const b = outbound(BEN, 'b')
    await store.enqueue([a, b], T0)
    const claimed = await store.claimDue('default', T0, 10, 60_000, 'w1')
    await store.recordOutcomes(claimed.map((m) => ({ message: m, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${m.id}` } })), 'w1', T0)
    const pricing = { model: 'PMP', type: 'regular', category: 'utility' }
    const results = await store.applyStatuses(
      [status(a.id, 'read', T0 + 3), status(a.id, 'sent', T0 + 1, { pricing }), status(b.id, 'delivered', T0 + 2), status(a.id, 'sent', T0 + 1), status(a.id, 'delivered', T0 + 2)],
      T0,
    )
    expect(results).toEqual(['applied', 'applied', 'applied', 'duplicate', 'applied'])
    expect(await store.get(a.id)).toMatchObject({ status: 'read', pricing: { category: 'utility', type: 'regular' } })
    expect(await store.get(b.id)).toMatchObject({ status: 'delivered' })
  })

  it('fails an accepted message on a failed webhook and keeps its code', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w1', T0)
    await store.applyStatuses([status(m.id, 'failed', T0 + 1, { messageId: undefined, error: { code: '131047', title: 'Re-engagement message', retryable: false } })], T0)
    expect(await store.get(m.id)).toMatchObject({ status: 'failed', error: { code: '131047', title: 'Re-engagement message' } })
  })

  it('matches a status webhook by our id when the send answer was lost, and the reconciler then leaves it alone', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 1000, 'w1')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'in_doubt', error: { code: 'no_answer', title: 'timeout', retryable: true } } }], 'w1', T0 + 10)
    expect(await store.applyStatuses([status(m.id, 'sent', T0 + 20, { providerMessageId: 'wamid.real' })], T0 + 30)).toEqual(['applied'])
    expect(await store.requeueAbandoned(T0 + 100_000, 1000)).toEqual([])
    expect(await store.get(m.id)).toMatchObject({ status: 'sent', providerMessageId: 'wamid.real' })
  })

  it('requeues a message whose lease ended without any evidence, after the grace period only', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    await store.claimDue('default', T0, 10, 1000, 'w1')
    expect(await store.requeueAbandoned(T0 + 1500, 1000)).toEqual([])
    expect(await store.requeueAbandoned(T0 + 2001, 1000)).toEqual([m.id])
    expect(await store.get(m.id)).toMatchObject({ status: 'queued', attempts: 1 })
    expect((await store.history(m.id)).at(-1)).toMatchObject({ status: 'queued', source: 'reconciler', error: { code: 'lease_expired' } })
  })

  it('waits for the webhook backlog before deciding a message was abandoned', async () => {
    const m = outbound(ANA, 'x')
    await store.enqueue([m], T0)
    await store.claimDue('default', T0, 10, 1000, 'w1')
    // A receipt that arrived just after the lease ended is still waiting to be applied: it may be the evidence.
    await t.database.db.insertInto('webhook_receipts').values({ provider: 'meta', body: '{}', received_at: T0 + 1200, state: 'pending' }).execute()
    expect(await store.requeueAbandoned(T0 + 60_000, 1000)).toEqual([])
    await t.database.db.updateTable('webhook_receipts').set({ state: 'processed' }).execute()
    expect(await store.requeueAbandoned(T0 + 60_000, 1000)).toEqual([m.id])
  })

  it('answers unmatched for statuses of unknown messages', async () => {
    expect(await store.applyStatuses([status('msg_unknown', 'sent', T0)], T0)).toEqual(['unmatched'])
  })

  it('stores inbound messages once, on the contact found by the provider id, and moves the window forward only', async () => {
    const inbound = (id: string, at: number) => ({
      kind: 'inbound' as const,
      providerMessageId: id,
      fromId: '4915112345678',
      fromPhone: '+4915112345678',
      profileName: 'Ana',
      at,
      content: { kind: 'text' as const, text: `hi ${id}` },
    })
    expect(await store.recordInbound([inbound('wamid.in1', T0 + 5000)], 'meta', 'default', T0)).toEqual(['applied'])
    expect(await store.recordInbound([inbound('wamid.in1', T0 + 5000), inbound('wamid.in0', T0 + 1000)], 'meta', 'default', T0)).toEqual(['duplicate', 'applied'])
    const contact = await t.database.db.selectFrom('contacts').selectAll().where('phone', '=', ANA).executeTakeFirstOrThrow()
    expect(contact).toMatchObject({ last_inbound_at: T0 + 5000, profile_name: 'Ana', provider_user_id: '4915112345678' })
    const page = await store.listByContact(ANA, 10, null)
    expect(page?.items.map((m) => [m.direction, m.status, m.preview])).toEqual([
      ['inbound', 'received', 'hi wamid.in0'],
      ['inbound', 'received', 'hi wamid.in1'],
    ])
  })

  it('keeps the provider user id the platform answered with and finds the contact by it later', async () => {
    const brazil = phone('+5511987654321')
    const m = outbound(brazil, 'oi')
    await store.enqueue([m], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.br', recipientId: '551187654321' } }], 'w1', T0)
    await store.recordInbound(
      [{ kind: 'inbound', providerMessageId: 'wamid.brin', fromId: '551187654321', fromPhone: '+551187654321', at: T0 + 1, content: { kind: 'text', text: 'olá' } }],
      'meta',
      'default',
      T0,
    )
    const page = await store.listByContact(brazil, 10, null)
    expect(page?.items.map((i) => i.direction)).toEqual(['inbound', 'outbound'])
    const next = outbound(brazil, 'again')
    await store.enqueue([next], T0)
    const [again] = await store.claimDue('default', T0, 10, 60_000, 'w1')
    expect(again?.recipientId).toBe('551187654321')
  })

  it('pages a contact history newest first with an opaque cursor', async () => {
    const messages = Array.from({ length: 5 }, (_, i) => outbound(ANA, `m${i}`))
    await store.enqueue(messages, T0)
    const first = await store.listByContact(ANA, 2, null)
    expect(first?.items.map((m) => m.preview)).toEqual(['m4', 'm3'])
    const second = await store.listByContact(ANA, 2, first!.nextCursor)
    expect(second?.items.map((m) => m.preview)).toEqual(['m2', 'm1'])
    const third = await store.listByContact(ANA, 2, second!.nextCursor)
    expect(third).toMatchObject({ items: [{ preview: 'm0' }], nextCursor: null })
    expect(await store.listByContact(BEN, 2, null)).toBeNull()
  })

  it('keeps scheduled messages out of the way until due, then queues them; expired ones are cancelled', async () => {
    const link = (cancelKeys: string[], expiresAt: number | null = null) => ({
      eventId: 'evt_1',
      ruleId: 'reminder',
      category: 'utility',
      scheduled: true,
      expiresAt,
      cancelKeys,
      expectReply: null,
    })
    const later = outbound(ANA, 'reminder', { dueAt: T0 + 3_600_000, notification: link(['lesson.cancelled:l-9']) })
    const useless = outbound(BEN, 'too late', { dueAt: T0 + 3_600_000, notification: link([], T0 + 1_800_000) })
    const now = outbound(ANA, 'confirmation')
    await store.enqueue([later, useless, now], T0)
    expect((await store.get(later.id))?.status).toBe('scheduled')
    // The scheduled reminder does not hold back the contact's message for now.
    expect((await store.claimDue('default', T0, 10, 60_000, 'w')).map((m) => m.id)).toEqual([now.id])
    expect(await store.promoteScheduled(T0 + 60_000)).toEqual({ queued: [], expired: [] })
    expect(await store.promoteScheduled(T0 + 3_600_000)).toEqual({ queued: [later.id], expired: [useless.id] })
    expect(await store.get(useless.id)).toMatchObject({ status: 'cancelled', error: { code: 'expired' } })
    expect((await store.history(later.id)).map((h) => h.status)).toEqual(['scheduled', 'queued'])
  })

  it('cancels unsent messages by key and leaves sent ones alone', async () => {
    const link = { eventId: 'evt_2', ruleId: 'reminder', category: 'utility', scheduled: true, expiresAt: null, cancelKeys: ['lesson.cancelled:l-1'], expectReply: null }
    const pending = outbound(ANA, 'reminder 1', { dueAt: T0 + 3_600_000, notification: link })
    const gone = outbound(BEN, 'reminder 2', { notification: { ...link, scheduled: false } })
    const other = outbound(BEN, 'other lesson', { dueAt: T0 + 3_600_000, notification: { ...link, cancelKeys: ['lesson.cancelled:l-2'] } })
    await store.enqueue([pending, gone, other], T0)
    const [claimed] = await store.claimDue('default', T0, 10, 60_000, 'w')
    await store.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.gone' } }], 'w', T0)
    const reason = { code: 'cancelled_by_event', title: 'lesson.cancelled' }
    expect(await store.cancelByKeys(['lesson.cancelled:l-1'], reason, T0 + 1)).toEqual([pending.id])
    expect(await store.get(pending.id)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled_by_event' } })
    expect((await store.get(gone.id))?.status).toBe('accepted')
    expect((await store.get(other.id))?.status).toBe('scheduled')
    expect(await store.cancelByKeys(['lesson.cancelled:l-1'], reason, T0 + 2)).toEqual([])
  })

  it('reports queue depth', async () => {
    await store.enqueue([outbound(ANA, 'a'), outbound(BEN, 'b')], T0)
    await store.claimDue('default', T0, 1, 60_000, 'w1')
    expect(await store.queueDepth()).toEqual({ queued: 1, sending: 1 })
  })

  it('never hands one message to two concurrent claimers', async () => {
    const contacts = Array.from({ length: 200 }, (_, i) => phone(`+49151100${String(i).padStart(5, '0')}`))
    await store.enqueue(contacts.map((c) => outbound(c, 'x')), T0)
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => store.claimDue('default', T0, 40, 60_000, `w${w}`)))
    const claimed = claims.flat().map((m) => m.id)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect(claimed.length).toBe(200)
  })
})
