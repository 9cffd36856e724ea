import { afterEach, beforeEach, expect, it } from 'vitest'
import type { E164 } from '../../src/core/contacts/phone.js'
import type { NewOutboundMessage } from '../../src/core/messages/ports.js'
import type { NotificationStore, StoredEvent } from '../../src/core/notifications/ports.js'
import { createIds } from '../../src/runtime/ids.js'
import { createMessageStore } from '../../src/store/message-store.js'
import { createNotificationStore } from '../../src/store/notification-store.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const ids = createIds()
const T0 = 1_800_000_000_000
const MOM = '+905321234567' as E164
const DAD = '+905321234568' as E164

const event = (id: string): StoredEvent => ({ id, type: 'lesson.scheduled', occurredAt: T0, body: { id, data: { lesson: { id: 'l-1' } } }, requestHash: 'h', contactId: null, subjectId: null, receivedAt: T0 })

const message = (to: E164, eventId: string, category = 'utility', dueAt = T0): NewOutboundMessage => ({
  id: ids.next('msg'),
  to,
  market: 'TR',
  senderId: 'default',
  provider: 'meta',
  content: { kind: 'text', text: 'x' },
  preview: 'x',
  metadata: null,
  dueAt,
  notification: { eventId, ruleId: 'confirm', category, scheduled: dueAt > T0, expiresAt: null, cancelKeys: [], expectReply: { buttons: ['1', '2'] } },
})

describeEachDatabase('notification store', (dialect) => {
  let t: TestDatabase
  let store: NotificationStore
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    store = createNotificationStore(t.database, ids)
  })
  afterEach(async () => t.close())

  it('upserts contacts, links a student to two guardians and a billing contact, and reads their state', async () => {
    const contacts = await store.upsertContacts([{ phone: MOM, name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', externalId: 'parent-1' }, { phone: DAD }], T0)
    const mom = contacts.get(MOM)!
    const dad = contacts.get(DAD)!
    await store.upsertContacts([{ phone: DAD, language: 'en' }], T0 + 1)
    const subject = await store.linkSubject('student-42', [{ contactId: mom, role: 'guardian' }, { contactId: dad, role: 'guardian' }, { contactId: mom, role: 'billing' }], T0)
    expect(await store.linkSubject('student-42', [{ contactId: dad, role: 'guardian' }], T0)).toBe(subject)
    expect((await store.subjectContacts(subject, ['guardian'])).sort()).toEqual([mom, dad].sort())
    expect(await store.subjectContacts(subject, ['billing'])).toEqual([mom])
    await store.setOptOut(dad, { granted: true, source: 'whatsapp_keyword', at: T0 + 5 }, T0 + 5)
    await store.setMarketingConsent(mom, { granted: true, source: 'signup_form', at: T0 + 6 }, T0 + 6)
    await store.setOnWhatsApp(dad, false, T0 + 7)
    const states = await store.contactStates([mom, dad])
    expect(states.get(mom)).toMatchObject({ phone: MOM, timezone: 'Europe/Istanbul', language: 'tr', optOut: null, marketingConsent: { granted: true, source: 'signup_form' }, onWhatsApp: null })
    expect(states.get(dad)).toMatchObject({ language: 'en', optOut: { source: 'whatsapp_keyword', at: T0 + 5 }, onWhatsApp: false })
  })

  it('takes an event id once, with its decisions and messages in the same transaction', async () => {
    const m = message(MOM, 'evt_1')
    const decision = { ruleId: 'confirm', contactId: null, outcome: 'queued' as const, reason: null, detail: { route: 'template' }, messageId: m.id }
    expect(await store.recordEvent(event('evt_1'), [decision], [m], T0)).toBe('recorded')
    expect(await store.recordEvent(event('evt_1'), [decision], [message(MOM, 'evt_1')], T0)).toBe('duplicate')
    expect(await store.decisions('evt_1')).toEqual([{ ...decision, createdAt: T0 }])
    expect((await store.getEvent('evt_1'))?.body).toEqual({ id: 'evt_1', data: { lesson: { id: 'l-1' } } })
    const rows = await t.database.db.selectFrom('messages').select(['id', 'event_id', 'rule_id', 'category']).execute()
    expect(rows).toEqual([{ id: m.id, event_id: 'evt_1', rule_id: 'confirm', category: 'utility' }])
  })

  it('counts a contact’s messages per category in a time range, and finds the one awaiting a reply', async () => {
    const contacts = await store.upsertContacts([{ phone: MOM }], T0)
    const mom = contacts.get(MOM)!
    const first = message(MOM, 'evt_a')
    await store.recordEvent(event('evt_a'), [], [first, message(MOM, 'evt_a', 'marketing'), message(MOM, 'evt_a', 'utility', T0 + 86_400_000)], T0)
    expect(await store.sendTimes(mom, 'utility', T0, T0 + 1000)).toEqual([T0])
    expect(await store.sendTimes(mom, 'marketing', T0, T0 + 1000)).toEqual([T0])
    expect(await store.sendTimes(mom, 'utility', T0, T0 + 2 * 86_400_000)).toEqual([T0, T0 + 86_400_000])
    expect(await store.awaitingReply(mom, null)).toBeNull()
    const messages = createMessageStore(t.database, ids)
    const claimed = await messages.claimDue('default', T0, 10, 60_000, 'w')
    await messages.recordOutcomes(claimed.map((c) => ({ message: c, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${c.id}` } })), 'w', T0)
    expect(await store.awaitingReply(mom, `wamid.${first.id}`)).toMatchObject({ messageId: first.id, eventId: 'evt_a', ruleId: 'confirm', expectReply: { buttons: ['1', '2'] } })
    const feedback = { eventId: 'evt_a', ruleId: 'confirm', messageId: first.id, replyMessageId: 'msg_r', kind: 'button' as const, value: '5', at: T0 + 9 }
    expect(await store.recordFeedback(feedback)).toBe('recorded')
    expect(await store.recordFeedback({ ...feedback, value: '1' })).toBe('duplicate')
    expect(await store.feedbackForEvent('evt_a')).toEqual([feedback])
    expect(await store.feedbackCounts()).toEqual([{ ruleId: 'confirm', value: '5', count: 1 }])
  })

  it('still counts a message once the platform took it, at when it went; not once it is cancelled or failed', async () => {
    const mom = (await store.upsertContacts([{ phone: MOM }], T0)).get(MOM)!
    await store.recordEvent(event('evt_m'), [], [message(MOM, 'evt_m', 'marketing'), message(MOM, 'evt_m', 'marketing', T0 + 3_600_000)], T0)
    const messages = createMessageStore(t.database, ids)
    const claimed = await messages.claimDue('default', T0 + 500, 10, 60_000, 'w')
    expect(claimed).toHaveLength(1)
    await messages.recordOutcomes(claimed.map((c) => ({ message: c, outcome: { kind: 'accepted' as const, providerMessageId: `wamid.${c.id}` } })), 'w', T0 + 700)
    expect(await store.sendTimes(mom, 'marketing', T0, T0 + 86_400_000)).toEqual([T0 + 700, T0 + 3_600_000])
    expect(await store.sendTimes(mom, 'marketing', T0 + 1000, T0 + 86_400_000)).toEqual([T0 + 3_600_000])
    await messages.applyStatuses([{ kind: 'status', providerMessageId: `wamid.${claimed[0]!.id}`, status: 'failed', at: T0 + 900, error: { code: '131026', title: 'undeliverable', retryable: false } }], T0 + 900)
    expect(await store.sendTimes(mom, 'marketing', T0, T0 + 86_400_000)).toEqual([T0 + 3_600_000])
  })
})
