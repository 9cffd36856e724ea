import { expect, it } from 'vitest'
import { HOUR, MINUTE } from '../../src/core/shared/time.js'
import type { Database } from '../../src/store/dialect.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createReceiverHeartbeats } from '../../src/store/receiver-heartbeats.js'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { ANA, BEN, T0, outbound, phone, status, ids } from './message-fixtures.js'

/** A process that has been receiving webhooks since `since`, its mark holding until `until`. */
async function receiving(database: Database, since: number, until = T0 + 24 * HOUR, owner = 'api-1'): Promise<void> {
  await createReceiverHeartbeats(database).beat(owner, since, until - since)
}

describeEachDatabase('Outbox contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('migrates idempotently', async () => {
    const { database } = stores()
    expect(await migrateToLatest(database)).toEqual([])
  })

  it('enqueues messages with their contact and a queued history entry', async () => {
    const { outbox, messages } = stores()
    const m = outbound(ANA, 'hello')
    expect(await outbox.enqueue([m], T0)).toEqual({ kind: 'enqueued' })
    const view = await messages.get(m.id)
    expect(view).toMatchObject({ id: m.id, direction: 'outbound', contactPhone: ANA, status: 'queued', attempts: 0, kind: 'text' })
    expect(await messages.history(m.id)).toEqual([{ status: 'queued', at: T0, source: 'api', error: null }])
  })

  it('replays an idempotency key with the same body and refuses it with another', async () => {
    const { outbox, messages } = stores()
    const first = outbound(ANA, 'hello')
    const claim = { scope: 'messages', key: 'k1', requestHash: 'h1', result: JSON.stringify([first.id]) }
    expect(await outbox.enqueue([first], T0, claim)).toEqual({ kind: 'enqueued' })
    const again = outbound(ANA, 'hello')
    expect(await outbox.enqueue([again], T0, { ...claim, result: JSON.stringify([again.id]) })).toEqual({ kind: 'replay', result: JSON.stringify([first.id]) })
    expect(await messages.get(again.id)).toBeNull()
    expect(await outbox.enqueue([outbound(ANA, 'other')], T0, { ...claim, requestHash: 'h2' })).toEqual({ kind: 'conflict' })
  })

  it('claims one message per contact, in acceptance order, and leases it', async () => {
    const { outbox, messages } = stores()
    const a1 = outbound(ANA, 'a1')
    const a2 = outbound(ANA, 'a2')
    const b1 = outbound(BEN, 'b1')
    await outbox.enqueue([a1, a2, b1], T0)
    const first = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    expect(first.map((m) => m.id)).toEqual([a1.id, b1.id])
    expect(first[0]).toMatchObject({ to: ANA, attempts: 1, recipientId: null, content: { kind: 'text', text: 'a1' } })
    // a2 waits while a1 is in flight.
    expect(await outbox.claimDue('default', T0, 10, 60_000, 'w2')).toEqual([])
    await outbox.recordOutcomes([{ message: first[0]!, outcome: { kind: 'accepted', providerMessageId: 'wamid.a1' } }], 'w1', T0 + 5)
    const second = await outbox.claimDue('default', T0 + 10, 10, 60_000, 'w2')
    expect(second.map((m) => m.id)).toEqual([a2.id])
    expect((await messages.get(a1.id))?.status).toBe('accepted')
  })

  it('holds later messages of a contact behind an earlier one that waits for a retry', async () => {
    const { outbox, messages } = stores()
    const a1 = outbound(ANA, 'a1')
    const a2 = outbound(ANA, 'a2')
    await outbox.enqueue([a1, a2], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    const error = { code: '130429', title: 'Rate limit hit', retryable: true }
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'requeue', dueAt: T0 + 1000, error } }], 'w1', T0)
    expect(await outbox.claimDue('default', T0 + 500, 10, 60_000, 'w1')).toEqual([])
    const retried = await outbox.claimDue('default', T0 + 1000, 10, 60_000, 'w1')
    expect(retried.map((m) => [m.id, m.attempts])).toEqual([[a1.id, 2]])
    const view = await messages.get(a1.id)
    expect(view?.error).toEqual(error)
    expect((await messages.history(a1.id)).map((h) => h.status)).toEqual(['queued', 'sending', 'queued', 'sending'])
  })

  it('only claims messages of the given sender that are due', async () => {
    const { outbox } = stores()
    await outbox.enqueue([outbound(ANA, 'later', { dueAt: T0 + 60_000 }), outbound(BEN, 'other sender', { senderId: 'second' })], T0)
    expect(await outbox.claimDue('default', T0, 10, 60_000, 'w1')).toEqual([])
    expect(await outbox.claimDue('second', T0, 10, 60_000, 'w1')).toHaveLength(1)
  })

  it('fails a message for good, keeping the provider code and title', async () => {
    const { outbox, messages } = stores()
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'fail', error: { code: '131026', title: 'Message undeliverable', retryable: false } } }], 'w1', T0)
    expect(await messages.get(m.id)).toMatchObject({ status: 'failed', error: { code: '131026', title: 'Message undeliverable', retryable: false } })
  })

  it('matches a status webhook by our id when the send answer was lost, and the reconciler then leaves it alone', async () => {
    const { outbox, ledger, messages, database } = stores()
    await receiving(database, T0 - HOUR)
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 1000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'in_doubt', error: { code: 'no_answer', title: 'timeout', retryable: true } } }], 'w1', T0 + 10)
    expect(await ledger.applyStatuses([status(m.id, 'sent', T0 + 20, { providerMessageId: 'wamid.real' })], T0 + 30)).toEqual(['applied'])
    expect(await outbox.requeueAbandoned(T0 + 100_000, 1000)).toEqual([])
    expect(await messages.get(m.id)).toMatchObject({ status: 'sent', providerMessageId: 'wamid.real' })
  })

  it('requeues a message whose lease ended without any evidence, after the grace period only', async () => {
    const { outbox, messages, database } = stores()
    await receiving(database, T0 - HOUR)
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    await outbox.claimDue('default', T0, 10, 1000, 'w1')
    expect(await outbox.requeueAbandoned(T0 + 1500, 1000)).toEqual([])
    expect(await outbox.requeueAbandoned(T0 + 2001, 1000)).toEqual([m.id])
    expect(await messages.get(m.id)).toMatchObject({ status: 'queued', attempts: 1 })
    expect((await messages.history(m.id)).at(-1)).toMatchObject({ status: 'queued', source: 'reconciler', error: { code: 'lease_expired' } })
  })

  it('waits for the webhook backlog before deciding a message was abandoned', async () => {
    const { outbox, database } = stores()
    await receiving(database, T0 - HOUR)
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    await outbox.claimDue('default', T0, 10, 1000, 'w1')
    // A receipt that arrived just after the lease ended is still waiting to be applied: it may be the evidence.
    await database.receipts.insertInto('webhook_receipts').values({ provider: 'meta', body: Buffer.from('{}'), received_at: T0 + 1200, state: 'pending' }).execute()
    expect(await outbox.requeueAbandoned(T0 + 60_000, 1000)).toEqual([])
    await database.receipts.updateTable('webhook_receipts').set({ state: 'processed' }).execute()
    expect(await outbox.requeueAbandoned(T0 + 60_000, 1000)).toEqual([m.id])
  })

  it('requeues nothing while no process receives webhooks: the evidence could not have come', async () => {
    const { outbox, database } = stores()
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    await outbox.claimDue('default', T0, 10, 1000, 'w1')
    expect(await outbox.requeueAbandoned(T0 + HOUR, 1000)).toEqual([])
    // A receiver that stopped beating at T0 + 5 s (crashed) vouches for nothing an hour later.
    await receiving(database, T0 - HOUR, T0 + 5000)
    expect(await outbox.requeueAbandoned(T0 + HOUR, 1000)).toEqual([])
    await receiving(database, T0 + HOUR - 2000, T0 + HOUR + 6000, 'api-2')
    expect(await outbox.requeueAbandoned(T0 + HOUR, 1000)).toEqual([m.id])
  })

  it('after a 5-minute outage, counts the grace period from when Parley receives webhooks again, not from the lease end', async () => {
    const { outbox, messages, database } = stores()
    const grace = 2 * MINUTE
    const m = outbound(ANA, 'in doubt')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'in_doubt', error: { code: 'no_answer', title: 'timeout', retryable: true } } }], 'w1', T0 + 10)
    // Receiving until the outage began (T0 + 5 s); back 5 minutes later, beating every 2 s as a serving process does.
    await receiving(database, T0 - HOUR, T0 + 5000)
    const heartbeats = createReceiverHeartbeats(database)
    const back = T0 + 5 * MINUTE
    let now = back
    await heartbeats.beat('api-2', now, 6000)
    // The lease ended long over a grace period ago, but the provider's retried webhooks have only just been able to come.
    expect(await outbox.requeueAbandoned(now, grace)).toEqual([])
    while (now < back + grace) {
      now += 2000
      await heartbeats.beat('api-2', now, 6000)
      if (now <= back + grace) expect(await outbox.requeueAbandoned(now, grace), `at ${now - back} ms after the outage`).toEqual([])
    }
    now += 2000
    await heartbeats.beat('api-2', now, 6000)
    // A whole grace period of receiving brought no evidence: the provider never got it; send it again.
    expect(await outbox.requeueAbandoned(now, grace)).toEqual([m.id])
    expect(await messages.get(m.id)).toMatchObject({ status: 'queued' })
  })

  it('keeps scheduled messages out of the way until due, then queues them; expired ones are cancelled', async () => {
    const { outbox, messages } = stores()
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
    await outbox.enqueue([later, useless, now], T0)
    expect((await messages.get(later.id))?.status).toBe('scheduled')
    // The scheduled reminder does not hold back the contact's message for now.
    expect((await outbox.claimDue('default', T0, 10, 60_000, 'w')).map((m) => m.id)).toEqual([now.id])
    expect(await outbox.promoteScheduled(T0 + 60_000)).toEqual({ queued: [], expired: [] })
    expect(await outbox.promoteScheduled(T0 + 3_600_000)).toEqual({ queued: [later.id], expired: [useless.id] })
    expect(await messages.get(useless.id)).toMatchObject({ status: 'cancelled', error: { code: 'expired' } })
    expect((await messages.history(later.id)).map((h) => h.status)).toEqual(['scheduled', 'queued'])
  })

  it('cancels unsent messages by key and leaves sent ones alone', async () => {
    const { outbox, messages } = stores()
    const link = { eventId: 'evt_2', ruleId: 'reminder', category: 'utility', scheduled: true, expiresAt: null, cancelKeys: ['lesson.cancelled:l-1'], expectReply: null }
    const pending = outbound(ANA, 'reminder 1', { dueAt: T0 + 3_600_000, notification: link })
    const gone = outbound(BEN, 'reminder 2', { notification: { ...link, scheduled: false } })
    const other = outbound(BEN, 'other lesson', { dueAt: T0 + 3_600_000, notification: { ...link, cancelKeys: ['lesson.cancelled:l-2'] } })
    await outbox.enqueue([pending, gone, other], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.gone' } }], 'w', T0)
    const reason = { code: 'cancelled_by_event', title: 'lesson.cancelled' }
    expect(await outbox.cancelByKeys(['lesson.cancelled:l-1'], reason, T0 + 1)).toEqual([pending.id])
    expect(await messages.get(pending.id)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled_by_event' } })
    expect((await messages.get(gone.id))?.status).toBe('accepted')
    expect((await messages.get(other.id))?.status).toBe('scheduled')
    expect(await outbox.cancelByKeys(['lesson.cancelled:l-1'], reason, T0 + 2)).toEqual([])
  })

  it('reports queue depth', async () => {
    const { outbox } = stores()
    await outbox.enqueue([outbound(ANA, 'a'), outbound(BEN, 'b')], T0)
    await outbox.claimDue('default', T0, 1, 60_000, 'w1')
    expect(await outbox.queueDepth()).toEqual({ queued: 1, sending: 1 })
  })

  it('never hands one message to two concurrent claimers', async () => {
    const { outbox } = stores()
    const contacts = Array.from({ length: 200 }, (_, i) => phone(`+49151100${String(i).padStart(5, '0')}`))
    await outbox.enqueue(contacts.map((c) => outbound(c, 'x')), T0)
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => outbox.claimDue('default', T0, 40, 60_000, `w${w}`)))
    const claimed = claims.flat().map((m) => m.id)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect(claimed.length).toBe(200)
  })
})
