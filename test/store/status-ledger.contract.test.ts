import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { ANA, BEN, T0, outbound, phone, status, ids } from './message-fixtures.js'

describeEachDatabase('StatusLedger contract', (dialect) => {
  const stores = useStores(dialect, ids)

  /** Two messages, to Ana and to Ben, sent and accepted by the provider (`wamid.<id>`). */
  async function acceptedPair() {
    const { outbox } = stores()
    const pair = [outbound(ANA, 'a'), outbound(BEN, 'b')] as const
    await outbox.enqueue([...pair], T0)
    const claimed = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes(claimed.map((m) => ({ message: m, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${m.id}` } })), 'w1', T0)
    return pair
  }

  it('moves statuses forward only, records repeats once, and keeps late events in the history', async () => {
    const { outbox, ledger, messages } = stores()
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w1', T0)
    const pricing = { model: 'PMP', type: 'regular', category: 'utility' }
    expect(await ledger.applyStatuses([status(m.id, 'sent', T0 + 1000, { pricing })], T0)).toEqual(['applied'])
    expect(await ledger.applyStatuses([status(m.id, 'read', T0 + 3000)], T0)).toEqual(['applied'])
    expect(await ledger.applyStatuses([status(m.id, 'delivered', T0 + 2000), status(m.id, 'read', T0 + 3000)], T0)).toEqual(['applied', 'duplicate'])
    expect(await ledger.applyStatuses([status(m.id, 'failed', T0 + 4000, { error: { code: '131000', title: 'x', retryable: true } })], T0)).toEqual(['applied'])
    const view = await messages.get(m.id)
    expect(view).toMatchObject({ status: 'read', error: null, pricing: { category: 'utility', type: 'regular' } })
    const history = await messages.history(m.id)
    expect(history.map((h) => h.status)).toEqual(['queued', 'sending', 'accepted', 'sent', 'read', 'delivered', 'failed'])
  })

  it('applies a batch holding several statuses of several messages, repeats included, in one go', async () => {
    const { ledger, messages } = stores()
    const [a, b] = await acceptedPair()
    const pricing = { model: 'PMP', type: 'regular', category: 'utility' }
    const results = await ledger.applyStatuses(
      [status(a.id, 'read', T0 + 3), status(a.id, 'sent', T0 + 1, { pricing }), status(b.id, 'delivered', T0 + 2), status(a.id, 'sent', T0 + 1), status(a.id, 'delivered', T0 + 2)],
      T0,
    )
    expect(results).toEqual(['applied', 'applied', 'applied', 'duplicate', 'applied'])
    expect(await messages.get(a.id)).toMatchObject({ status: 'read', pricing: { category: 'utility', type: 'regular' } })
    expect(await messages.get(b.id)).toMatchObject({ status: 'delivered' })
  })

  it('moves a message once to the furthest status of its batch, with the pricing rank order leaves', async () => {
    const { ledger, messages } = stores()
    const [a, b] = await acceptedPair()
    const sentPricing = { model: 'PMP', type: 'regular', category: 'marketing' }
    const deliveredPricing = { model: 'PMP', type: 'free_customer_service', category: 'service' }
    const results = await ledger.applyStatuses(
      [
        // a: read first, then delivered and sent: delivered's pricing is the last in rank order.
        status(a.id, 'read', T0 + 3),
        status(a.id, 'delivered', T0 + 2, { pricing: deliveredPricing }),
        status(a.id, 'sent', T0 + 1, { pricing: sentPricing }),
        // b: read carries none, so sent's stays.
        status(b.id, 'sent', T0 + 1, { pricing: sentPricing }),
        status(b.id, 'read', T0 + 3),
      ],
      T0,
    )
    expect(results).toEqual(['applied', 'applied', 'applied', 'applied', 'applied'])
    expect(await messages.get(a.id)).toMatchObject({ status: 'read', providerMessageId: `wamid.${a.id}`, pricing: { category: 'service', type: 'free_customer_service' } })
    expect(await messages.get(b.id)).toMatchObject({ status: 'read', pricing: { category: 'marketing', type: 'regular' } })
    expect((await messages.history(a.id)).map((h) => h.status)).toEqual(['queued', 'sending', 'accepted', 'read', 'delivered', 'sent'])
    // A later batch moves on from there, or not at all.
    expect(await ledger.applyStatuses([status(b.id, 'delivered', T0 + 2)], T0)).toEqual(['applied'])
    expect(await messages.get(b.id)).toMatchObject({ status: 'read', pricing: { category: 'marketing' } })
  })

  it('fails an accepted message on a failed webhook and keeps its code', async () => {
    const { outbox, ledger, messages } = stores()
    const m = outbound(ANA, 'x')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w1', T0)
    await ledger.applyStatuses([status(m.id, 'failed', T0 + 1, { messageId: undefined, error: { code: '131047', title: 'Re-engagement message', retryable: false } })], T0)
    expect(await messages.get(m.id)).toMatchObject({ status: 'failed', error: { code: '131047', title: 'Re-engagement message' } })
  })

  it('answers unmatched for statuses of unknown messages', async () => {
    const { ledger } = stores()
    expect(await ledger.applyStatuses([status('msg_unknown', 'sent', T0)], T0)).toEqual(['unmatched'])
  })

  it('stores inbound messages once, on the contact found by the provider id, and moves the window forward only', async () => {
    const { ledger, messages, database } = stores()
    const inbound = (id: string, at: number) => ({
      kind: 'inbound' as const,
      providerMessageId: id,
      fromId: '4915112345678',
      fromPhone: '+4915112345678',
      profileName: 'Ana',
      at,
      content: { kind: 'text' as const, text: `hi ${id}` },
    })
    expect(await ledger.recordInbound([inbound('wamid.in1', T0 + 5000)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)).toEqual(['applied'])
    expect(await ledger.recordInbound([inbound('wamid.in1', T0 + 5000), inbound('wamid.in0', T0 + 1000)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)).toEqual(['duplicate', 'applied'])
    const contact = await database.db.selectFrom('contacts').selectAll().where('phone', '=', ANA).executeTakeFirstOrThrow()
    expect(contact).toMatchObject({ last_inbound_at: T0 + 5000, profile_name: 'Ana', provider_user_id: '4915112345678' })
    const page = await messages.listByContact(ANA, 10, null)
    expect(page?.items.map((m) => [m.direction, m.status, m.preview])).toEqual([
      ['inbound', 'received', 'hi wamid.in0'],
      ['inbound', 'received', 'hi wamid.in1'],
    ])
  })

  it('keeps the provider user id the platform answered with and finds the contact by it later', async () => {
    const { outbox, ledger, messages } = stores()
    const brazil = phone('+5511987654321')
    const m = outbound(brazil, 'oi')
    await outbox.enqueue([m], T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.br', recipientId: '551187654321' } }], 'w1', T0)
    await ledger.recordInbound(
      [{ kind: 'inbound', providerMessageId: 'wamid.brin', fromId: '551187654321', fromPhone: '+551187654321', at: T0 + 1, content: { kind: 'text', text: 'olá' } }],
      { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' },
      T0,
    )
    const page = await messages.listByContact(brazil, 10, null)
    expect(page?.items.map((i) => i.direction)).toEqual(['inbound', 'outbound'])
    const next = outbound(brazil, 'again')
    await outbox.enqueue([next], T0)
    const [again] = await outbox.claimDue('default', T0, 10, 60_000, 'w1')
    expect(again?.recipientId).toBe('551187654321')
  })
})
