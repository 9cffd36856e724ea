import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { ids, message, MOM, recording, T0 } from './notification-fixtures.js'

describeEachDatabase('Feedback contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('finds the message awaiting a reply once it went, and records one reply per message', async () => {
    const { contacts, eventLog, outbox, feedback } = stores()
    const mom = (await contacts.upsert([{ phone: MOM }], T0)).get(MOM)!
    const first = message(MOM, 'evt_a')
    await eventLog.recordEvent(recording('evt_a', { messages: [first, message(MOM, 'evt_a', 'marketing'), message(MOM, 'evt_a', 'utility', T0 + 86_400_000)] }), T0)
    expect(await feedback.awaitingReply(mom, null)).toBeNull()
    const claimed = await outbox.claimDue('default', T0, 10, 60_000, 'w')
    await outbox.recordOutcomes(claimed.map((c) => ({ message: c, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${c.id}` } })), 'w', T0)
    expect(await feedback.awaitingReply(mom, `wamid.${first.id}`)).toMatchObject({ messageId: first.id, eventId: 'evt_a', ruleId: 'confirm', expectReply: { buttons: ['1', '2'] } })
    const reply = { eventId: 'evt_a', ruleId: 'confirm', messageId: first.id, replyMessageId: 'msg_r', kind: 'button' as const, value: '5', at: T0 + 9 }
    expect(await feedback.recordFeedback(reply)).toBe('recorded')
    expect(await feedback.recordFeedback({ ...reply, value: '1' })).toBe('duplicate')
    expect(await feedback.feedbackForEvent('evt_a')).toEqual([reply])
    expect(await feedback.feedbackCounts()).toEqual([{ ruleId: 'confirm', value: '5', count: 1 }])
  })

  it('still takes a reply to a message gone stale after the platform took it: its webhooks were lost, not the message', async () => {
    const { contacts, eventLog, outbox, feedback } = stores()
    const mom = (await contacts.upsert([{ phone: MOM }], T0)).get(MOM)!
    const sent = message(MOM, 'evt_b')
    await eventLog.recordEvent(recording('evt_b', { messages: [sent] }), T0)
    const [claimed] = await outbox.claimDue('default', T0, 10, 60_000, 'w')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${sent.id}` } }], 'w', T0)
    expect(await outbox.markStale(T0 + 2 * 86_400_000, 86_400_000, 10)).toEqual([sent.id])
    expect(await feedback.awaitingReply(mom, `wamid.${sent.id}`)).toMatchObject({ messageId: sent.id, eventId: 'evt_b' })
    expect(await feedback.awaitingReply(mom, null)).toMatchObject({ messageId: sent.id })
  })
})
