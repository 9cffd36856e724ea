import { afterEach, beforeEach, expect, it } from 'vitest'
import type { E164 } from '../../src/core/contacts/phone.js'
import type { DomainEvent } from '../../src/core/events/domain-event.js'
import { createIds } from '../../src/runtime/ids.js'
import { createChangeRecorder, type ChangeRecorder } from '../../src/store/change-recorder.js'
import { createStores } from '../../src/store/stores.js'
import { createOutgoingWebhookStore } from '../../src/store/outgoing-webhook-store.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const message = (id: string) => ({
  id,
  to: '+4915112345678' as E164,
  market: 'DE',
  senderId: 'default',
  provider: 'meta',
  account: 'meta',
  channel: 'whatsapp' as const,
  content: { kind: 'text' as const, text: 'x' },
  preview: 'x',
  segments: null,
  metadata: null,
  dueAt: 0,
})

describeEachDatabase('changes and the deliveries they cause', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    await createOutgoingWebhookStore(t.database).subscribe({ id: 'whs_1', url: 'http://127.0.0.1:9/hook', secret: 's', topics: ['message.status'], createdAt: 0 })
  })
  afterEach(async () => t.close())

  const deliveries = () => t.database.db.selectFrom('webhook_deliveries').select(['topic', 'payload']).execute()

  it('writes the delivery with the status change, and tells the bus only after the commit', async () => {
    const published: DomainEvent[][] = []
    const { outbox, ledger } = createStores(t.database, createIds(), createChangeRecorder({ publish: (events) => void published.push([...events]) }))
    await outbox.enqueue([message('msg_1')], 0)
    const [claimed] = await outbox.claimDue('default', 0, 1, 60_000, 'w')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.1' } }], 'w', 1)
    expect(await deliveries()).toEqual([])

    await ledger.applyStatuses([{ kind: 'status', providerMessageId: 'wamid.1', messageId: 'msg_1', status: 'delivered', at: 2000 }], 3)
    // No delivery loop ran: the row exists because the status change committed.
    const rows = await deliveries()
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ topic: 'message.status', message_id: 'msg_1', status: 'delivered' })
    expect(published.flat().map((e) => e.type)).toEqual(['message.created', 'message.status_changed', 'message.status_changed'])
    // A repeated webhook changes nothing, so it causes nothing.
    await ledger.applyStatuses([{ kind: 'status', providerMessageId: 'wamid.1', messageId: 'msg_1', status: 'delivered', at: 2000 }], 4)
    expect(await deliveries()).toHaveLength(1)
  })

  it('keeps neither the change nor its delivery when the transaction fails after both were written', async () => {
    const recorder = createChangeRecorder({ publish: () => undefined })
    let published = 0
    const failing: ChangeRecorder = {
      async withinTransaction(trx, events, now) {
        await recorder.withinTransaction(trx, events, now)
        // A real failure inside the same transaction: the subscription's id is taken.
        if (events.some((e) => e.type === 'message.status_changed' && e.status === 'read')) {
          await trx.insertInto('webhook_subscriptions').values({ id: 'whs_1', url: 'x', secret: 'x', topics: '[]', created_at: 0 }).execute()
        }
      },
      committed: () => void published++,
    }
    const { outbox, ledger, messages } = createStores(t.database, createIds(), failing)
    await outbox.enqueue([message('msg_2')], 0)
    const [claimed] = await outbox.claimDue('default', 0, 1, 60_000, 'w')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.2' } }], 'w', 1)
    const before = published

    await expect(ledger.applyStatuses([{ kind: 'status', providerMessageId: 'wamid.2', messageId: 'msg_2', status: 'read', at: 2000 }], 3)).rejects.toThrow()
    expect((await messages.get('msg_2'))?.status).toBe('accepted')
    expect(await deliveries()).toEqual([])
    expect(published).toBe(before)
  })
})
