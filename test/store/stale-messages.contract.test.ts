import { expect, it } from 'vitest'
import type { DomainEvent } from '../../src/core/events/domain-event.js'
import type { NewOutboundMessage } from '../../src/core/messages/ports.js'
import { DAY } from '../../src/core/shared/time.js'
import type { ChangeRecorder } from '../../src/store/change-recorder.js'
import { createOutbox } from '../../src/store/message-store.js'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { T0, ids, outbound, phone, status } from './message-fixtures.js'

const LEASE = 1000
const NOW = T0 + DAY + 1000
let contact = 0
const fresh = (text: string): NewOutboundMessage => outbound(phone(`+49151123460${String(contact++ % 100).padStart(2, '0')}`), text)

describeEachDatabase('stale messages', (dialect) => {
  const stores = useStores(dialect, ids)

  /** Enqueues `m` and has the provider take it at `at`. */
  async function acceptedAt(m: NewOutboundMessage, at: number): Promise<void> {
    const { outbox } = stores()
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 1, LEASE, 'w1')
    expect(claimed?.id).toBe(m.id)
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w1', at)
  }

  it('marks stale what waited a whole stale age for a word, keeping what was last heard; nothing younger and nothing settled', async () => {
    const { outbox, ledger, messages, database } = stores()
    const accepted = fresh('accepted')
    const sent = fresh('sent')
    const delivered = fresh('delivered')
    const younger = fresh('younger')
    const queued = fresh('queued')
    await acceptedAt(accepted, T0 + 5)
    await acceptedAt(sent, T0 + 5)
    await acceptedAt(delivered, T0 + 5)
    await acceptedAt(younger, T0 + 2000)
    await outbox.enqueue([{ ...queued, dueAt: NOW + DAY }], T0)
    await ledger.applyStatuses([status(sent.id, 'sent', T0 + 8), status(delivered.id, 'sent', T0 + 8), status(delivered.id, 'delivered', T0 + 9)], T0 + 10)

    const events: DomainEvent[] = []
    const recorder: ChangeRecorder = { withinTransaction: async () => undefined, committed: (more) => void events.push(...more) }
    const recorded = createOutbox(database, ids, recorder)
    expect(await recorded.markStale(NOW, DAY, 100)).toEqual([accepted.id, sent.id])
    expect(await recorded.markStale(NOW, DAY, 100)).toEqual([])

    expect(await messages.get(accepted.id)).toMatchObject({ status: 'stale', lastHeard: { status: 'accepted', at: T0 + 5 }, updatedAt: NOW })
    expect(await messages.get(sent.id)).toMatchObject({ status: 'stale', lastHeard: { status: 'sent', at: T0 + 10 } })
    expect(await messages.get(delivered.id)).toMatchObject({ status: 'delivered', lastHeard: null })
    expect(await messages.get(younger.id)).toMatchObject({ status: 'accepted', lastHeard: null })
    expect(await messages.get(queued.id)).toMatchObject({ status: 'queued', lastHeard: null })
    expect((await messages.history(sent.id)).at(-1)).toEqual({
      status: 'stale',
      at: NOW,
      source: 'reconciler',
      error: { code: 'no_final_status', title: expect.stringContaining(`last heard "sent" at ${new Date(T0 + 10).toISOString()}`) },
    })
    expect(events).toEqual([
      expect.objectContaining({ type: 'message.status_changed', messageId: accepted.id, status: 'stale', source: 'reconciler', lastHeard: { status: 'accepted', at: T0 + 5 } }),
      expect.objectContaining({ type: 'message.status_changed', messageId: sent.id, status: 'stale', providerMessageId: `wamid.${sent.id}`, lastHeard: { status: 'sent', at: T0 + 10 } }),
    ])

    expect(await outbox.staleCount()).toBe(2)
    const page = await messages.listByStatus('stale', 1, null)
    expect(page.items.map((m) => m.id)).toEqual([sent.id])
    expect((await messages.listByStatus('stale', 1, page.nextCursor)).items.map((m) => m.id)).toEqual([accepted.id])
  })

  it('marks in batches of the limit, oldest word first', async () => {
    const { outbox } = stores()
    const older = fresh('older')
    const newer = fresh('newer')
    await acceptedAt(newer, T0 + 20)
    await acceptedAt(older, T0 + 10)
    expect(await outbox.markStale(NOW, DAY, 1)).toEqual([older.id])
    expect(await outbox.markStale(NOW, DAY, 1)).toEqual([newer.id])
  })

  it('takes a send left in doubt only once its lease ended, and never queues, claims or sends it again', async () => {
    const { outbox, ledger, messages, database } = stores()
    const inDoubt = fresh('in doubt')
    const held = fresh('held')
    await outbox.enqueue([inDoubt, held], T0)
    const [claimed] = await outbox.claimDue('default', T0, 1, LEASE, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'in_doubt', error: { code: 'no_answer', title: 'timeout', retryable: true } } }], 'w1', T0 + 10)
    // Another worker still holds this one (a long lease): it is being sent, not waiting for a word.
    await outbox.claimDue('default', T0 + 500, 1, 2 * DAY, 'w2')
    // A receipt stuck waiting keeps the reconciler from deciding the send was lost.
    await database.receipts.insertInto('webhook_receipts').values({ provider: 'meta', body: Buffer.from('{}'), received_at: T0 + 5, state: 'pending' }).execute()
    expect(await outbox.requeueAbandoned(NOW, LEASE)).toEqual([])

    expect(await outbox.markStale(NOW, DAY, 100)).toEqual([inDoubt.id])
    expect(await messages.get(inDoubt.id)).toMatchObject({ status: 'stale', lastHeard: { status: 'sending', at: T0 + 10 } })
    expect(await messages.get(held.id)).toMatchObject({ status: 'sending' })

    await database.receipts.updateTable('webhook_receipts').set({ state: 'processed' }).execute()
    expect(await outbox.requeueAbandoned(NOW + DAY, LEASE)).toEqual([])
    expect(await outbox.claimDue('default', NOW + DAY, 10, LEASE, 'w3')).toEqual([])
    expect(await messages.get(inDoubt.id)).toMatchObject({ status: 'stale', attempts: 1 })

    // The provider had taken it after all: its late word moves it on.
    expect(await ledger.applyStatuses([status(inDoubt.id, 'sent', T0 + 20, { providerMessageId: 'wamid.late' })], NOW + DAY)).toEqual(['applied'])
    expect(await messages.get(inDoubt.id)).toMatchObject({ status: 'sent', providerMessageId: 'wamid.late', lastHeard: null })
  })

  it('moves a stale message on by the rank of what was last heard: forward only, and a repeat changes nothing', async () => {
    const { outbox, ledger, messages } = stores()
    const sent = fresh('sent')
    const accepted = fresh('accepted')
    const refused = fresh('refused')
    for (const m of [sent, accepted, refused]) await acceptedAt(m, T0 + 5)
    await ledger.applyStatuses([status(sent.id, 'sent', T0 + 8)], T0 + 10)
    expect(await outbox.markStale(NOW, DAY, 100)).toHaveLength(3)

    expect(await ledger.applyStatuses([status(sent.id, 'sent', T0 + 8)], NOW + 1)).toEqual(['duplicate'])
    expect(await messages.get(sent.id)).toMatchObject({ status: 'stale', lastHeard: { status: 'sent' } })
    expect(await ledger.applyStatuses([status(sent.id, 'delivered', T0 + 9)], NOW + 2)).toEqual(['applied'])
    expect(await messages.get(sent.id)).toMatchObject({ status: 'delivered', lastHeard: null })

    // Several words at once end at the furthest, whatever their order.
    expect(await ledger.applyStatuses([status(accepted.id, 'read', T0 + 30), status(accepted.id, 'sent', T0 + 10), status(accepted.id, 'delivered', T0 + 20)], NOW + 3)).toEqual([
      'applied',
      'applied',
      'applied',
    ])
    expect(await messages.get(accepted.id)).toMatchObject({ status: 'read', lastHeard: null })

    const error = { code: '131026', title: 'Message undeliverable', retryable: false }
    expect(await ledger.applyStatuses([status(refused.id, 'failed', T0 + 10, { error })], NOW + 4)).toEqual(['applied'])
    expect(await messages.get(refused.id)).toMatchObject({ status: 'failed', error, lastHeard: null })
    expect(await outbox.staleCount()).toBe(0)
    expect((await messages.history(sent.id)).map((e) => e.status)).toEqual(['queued', 'sending', 'accepted', 'sent', 'stale', 'delivered'])
  })
})
