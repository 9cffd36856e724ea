import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { buildOutboundMessage } from '../../src/core/messages/build-outbound-message.js'
import type { OutboundContent } from '../../src/core/messages/content.js'
import type { MessageCost } from '../../src/core/costs/message-cost.js'
import type { SenderRef } from '../../src/core/messages/sender.js'
import { ids, message, MOM, recording, T0 } from './notification-fixtures.js'

describeEachDatabase('SendHistory contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('counts a contact’s messages per category in a time range', async () => {
    const { contacts, eventLog, sendHistory } = stores()
    const mom = (await contacts.upsert([{ phone: MOM }], T0)).get(MOM)!
    await eventLog.recordEvent(recording('evt_a', { messages: [message(MOM, 'evt_a'), message(MOM, 'evt_a', 'marketing'), message(MOM, 'evt_a', 'utility', T0 + 86_400_000)] }), T0)
    expect(await sendHistory.sendTimes(mom, 'utility', T0, T0 + 1000)).toEqual([T0])
    expect(await sendHistory.sendTimes(mom, 'marketing', T0, T0 + 1000)).toEqual([T0])
    expect(await sendHistory.sendTimes(mom, 'utility', T0, T0 + 2 * 86_400_000)).toEqual([T0, T0 + 86_400_000])
  })

  it('still counts a message once the platform took it, at when it went; not once it is cancelled or failed', async () => {
    const { contacts, eventLog, outbox, ledger, sendHistory } = stores()
    const mom = (await contacts.upsert([{ phone: MOM }], T0)).get(MOM)!
    await eventLog.recordEvent(recording('evt_m', { messages: [message(MOM, 'evt_m', 'marketing'), message(MOM, 'evt_m', 'marketing', T0 + 3_600_000)] }), T0)
    const claimed = await outbox.claimDue('default', T0 + 500, 10, 60_000, 'w')
    expect(claimed).toHaveLength(1)
    await outbox.recordOutcomes(claimed.map((c) => ({ message: c, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${c.id}` } })), 'w', T0 + 700)
    expect(await sendHistory.sendTimes(mom, 'marketing', T0, T0 + 86_400_000)).toEqual([T0 + 700, T0 + 3_600_000])
    expect(await sendHistory.sendTimes(mom, 'marketing', T0 + 1000, T0 + 86_400_000)).toEqual([T0 + 3_600_000])
    await ledger.applyStatuses([{ kind: 'status', providerMessageId: `wamid.${claimed[0]!.id}`, status: 'failed', at: T0 + 900, error: { code: '131026', title: 'undeliverable', retryable: false } }], T0 + 900)
    expect(await sendHistory.sendTimes(mom, 'marketing', T0, T0 + 86_400_000)).toEqual([T0 + 3_600_000])
  })

  it('leaves out unsent messages that the given keys cancel, and only those', async () => {
    const { contacts, eventLog, sendHistory } = stores()
    const mom = (await contacts.upsert([{ phone: MOM }], T0)).get(MOM)!
    await eventLog.recordEvent(recording('evt_r', { messages: [message(MOM, 'evt_r', 'utility', T0 + 1000, ['lesson.cancelled:l-1']), message(MOM, 'evt_r', 'utility', T0 + 2000, ['lesson.cancelled:l-2'])] }), T0)
    expect(await sendHistory.sendTimes(mom, 'utility', T0, T0 + 86_400_000, ['lesson.cancelled:l-1'])).toEqual([T0 + 2000])
    expect(await sendHistory.sendTimes(mom, 'utility', T0, T0 + 86_400_000, [])).toEqual([T0 + 1000, T0 + 2000])
  })

  it("counts the messages a sender's estimates put into the month's free allowance, up to its size; not failed or cancelled ones, nor other senders'", async () => {
    const { outbox, ledger, sendHistory } = stores()
    const sender: SenderRef = { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }
    const cost = (reason: MessageCost['reason']): MessageCost => ({ platformMicros: 0, providerMicros: 0, currency: 'USD', category: 'service', reason, window: 'open', cardId: 'meta-pmp-2026-10' })
    // One recipient each: the outbox hands out one message per recipient at a time.
    const build = (to: string, content: OutboundContent, reason: MessageCost['reason'] | null, from = sender) => {
      const built = buildOutboundMessage(ids, { to: to as typeof MOM, sender: from, content, metadata: null, dueAt: T0 })
      return reason === null ? built : { ...built, cost: cost(reason) }
    }
    const text = { kind: 'text', text: 'hi' } as const
    await outbox.enqueue([
      build('+905320000001', text, 'free_allowance'),
      build('+905320000002', { kind: 'media', mediaType: 'image', link: 'https://cdn.example.com/a.jpg', caption: 'photo' }, 'free_allowance'),
      build('+905320000003', text, 'free_allowance'),
      build('+905320000004', text, 'charged'),
      build('+905320000005', { kind: 'template', name: 'hello_world', language: 'en_US', params: [] }, null),
      build('+905320000006', text, 'free_allowance', { ...sender, id: 'second' }),
    ], T0)
    expect(await sendHistory.countFreeForm('default', T0, 1_000)).toBe(3)
    expect(await sendHistory.countFreeForm('default', T0, 2)).toBe(2)
    expect(await sendHistory.countFreeForm('default', T0, 0)).toBe(0)
    expect(await sendHistory.countFreeForm('default', T0 + 1, 1_000)).toBe(0)
    // One the platform refused gives its place in the allowance back.
    const [first] = await outbox.claimDue('default', T0 + 10, 1, 60_000, 'w')
    await outbox.recordOutcomes([{ message: first!, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${first!.id}` } }], 'w', T0 + 20)
    await ledger.applyStatuses([{ kind: 'status', providerMessageId: `wamid.${first!.id}`, status: 'failed', at: T0 + 30, error: { code: '131047', title: 'Re-engagement message', retryable: false } }], T0 + 30)
    expect(await sendHistory.countFreeForm('default', T0, 1_000)).toBe(2)
  })
})
