import { expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import type { E164 } from '../../src/core/contacts/phone.js'
import { DEFAULT_RATE_CARDS } from '../../src/core/costs/default-rate-cards.js'
import type { SenderRef } from '../../src/core/messages/sender.js'
import type { StatusEvent } from '../../src/core/messages/reports.js'
import { fallBackToSms, type SmsFallbackDeps } from '../../src/core/notifications/fall-back-to-sms.js'
import { handleEvent, type EventInput, type HandleEventDeps } from '../../src/core/notifications/handle-event.js'
import { createKeyedLock } from '../../src/runtime/keyed-lock.js'
import { DEFAULT_KEYWORDS } from '../../src/core/notifications/keywords.js'
import { NO_FREQUENCY_CAPS } from '../../src/core/notifications/frequency-caps.js'
import type { MessagingProvider, SendRequest } from '../../src/core/providers/provider.js'
import { applyProviderEvents } from '../../src/core/provider-events/apply-provider-events.js'
import { parseRulesDocument } from '../../src/core/rules/parse-rules-document.js'
import type { Rule, RuleEvent } from '../../src/core/rules/model.js'
import { createDispatcher } from '../../src/dispatch/dispatcher.js'
import { createIds } from '../../src/runtime/ids.js'
import { createRateBucketStore } from '../../src/store/rate-buckets.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { describeEachDatabase } from '../support/databases.js'
import { manualClock } from '../support/harness.js'
import { useStores } from '../support/stores.js'
import { namedTemplate } from '../support/templates.js'

/*
 * SMS fallback of event rules, on the real store of each engine: a rule's WhatsApp message fails
 * because the number is not on WhatsApp (what the Meta adapter makes of 131026, checked by the
 * provider contract suite against the sandbox), the rule's SMS follows once, and later events for
 * that parent go straight to SMS. The SMS sender here is a stand-in for the MessagingProvider port
 * that records what it is asked to send, driven by the real dispatcher, so that policy's cases can
 * be set up at chosen instants; the run through the sandbox's gateway is sms-fallback-e2e.test.ts.
 */
const WHATSAPP: SenderRef = { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }
const SMS: SenderRef = { id: 'school-sms', provider: 'http-sms', account: 'sms-gateway', channel: 'sms' }
const AYSE = '+905321234567' as E164
const IST = 'Europe/Istanbul'

const RULES = (fallback: string) => `
rules:
  - id: lesson-reminder
    on: lesson.scheduled
    send:
      template: lesson_reminder
      params:
        child_name: data.student.first_name
        time: { from: data.lesson.starts_at, format: time }
    category: utility
    to: guardians
    expires: data.lesson.starts_at
${fallback}
`
const WITH_FALLBACK = RULES(`    fallback:
      sms:
        text: "{{child_name}} için ders yarın {{time}}. Çıkmak için STOP yazın."`)

function rulesOf(text: string): Rule[] {
  const parsed = parseRulesDocument(text)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.rules
}

/** A stand-in SMS sender: takes every message and remembers it. */
function recordingSmsSender(): MessagingProvider & { sent: SendRequest[] } {
  const sent: SendRequest[] = []
  return {
    name: 'http-sms',
    sent,
    send: async (request) => {
      sent.push(request)
      return { kind: 'accepted', providerMessageId: `sms-${sent.length}` }
    },
    markRead: async () => ({ kind: 'sent' }),
  }
}

describeEachDatabase('SMS fallback of event rules', (dialect) => {
  const ids = createIds()
  const stores = useStores(dialect, ids)
  // 12:00 in Istanbul at the start of each test; the lessons are the next day at 15:00.
  const NOON = Date.parse('2026-11-25T09:00:00Z')
  const clock = manualClock(NOON)
  let eventCount = 0

  async function setUp(rulesText: string, senders: readonly SenderRef[] = [WHATSAPP, SMS]) {
    clock.set(NOON)
    const s = stores()
    const templates = createTemplateStore(s.database)
    const at = clock.now()
    // A test may set up a second rule set over the same database: the template is stored once.
    if ((await templates.family('lesson_reminder')).length === 0) await templates.save(
      {
        id: ids.next('tpl'),
        definition: namedTemplate('lesson_reminder', 'tr', 'UTILITY', '{{child_name}} için ders yarın {{time}}.', { child_name: 'Can', time: '15:00' }),
        status: 'approved',
        providerStatus: 'APPROVED',
        providerTemplateId: '1001',
        origin: 'own',
        tags: [],
        folder: null,
        quality: null,
        rejectionReason: null,
        lint: [],
        createdAt: at,
        updatedAt: at,
        statusAt: at,
      },
      [],
      at,
    )
    const rules = rulesOf(rulesText)
    const events: HandleEventDeps = {
      contactLocks: createKeyedLock(),
      eventLog: s.eventLog,
      contacts: s.contacts,
      sendHistory: s.sendHistory,
      templates,
      rules: () => rules,
      clock,
      ids,
      senders,
      policy: { defaultTimezone: IST, quietHours: { start: '21:00', end: '08:00' }, caps: NO_FREQUENCY_CAPS },
      rateCards: () => DEFAULT_RATE_CARDS,
      languages: { defaultLanguage: 'tr', fallback: {} },
    }
    const fallback: SmsFallbackDeps = { ...events, fallbacks: s.smsFallbacks }
    const inbound = { contacts: s.contacts, feedback: s.feedback, outbox: s.outbox, clock, ids, keywords: DEFAULT_KEYWORDS }
    const apply = (statuses: StatusEvent[]) =>
      applyProviderEvents({ ledger: s.ledger, templates, inbound, smsFallback: (failed) => fallBackToSms(fallback, failed) }, { statuses, inbound: [], templates: [] }, clock.now())
    return { s, events, fallback, apply }
  }

  const lessonEvent = (lessonId: string): EventInput => {
    const raw: RuleEvent = {
      id: `evt-${lessonId}-${eventCount++}`,
      type: 'lesson.scheduled',
      occurred_at: new Date(clock.now()).toISOString(),
      subject: { external_id: 'student-can' },
      data: { lesson: { id: lessonId, starts_at: '2026-11-26T15:00:00+03:00' }, student: { first_name: 'Can' } },
    }
    return {
      raw,
      occurredAt: clock.now(),
      requestHash: raw.id,
      contact: null,
      subject: { externalId: 'student-can', contacts: [{ phone: AYSE, name: 'Ayşe', language: 'tr', timezone: IST, role: 'guardian' }] },
    }
  }

  /** The WhatsApp message the dispatcher would have handed to Meta, accepted. */
  async function sendOnWhatsApp(s: ReturnType<typeof stores>, messageId: string) {
    const [claimed] = await s.outbox.claimDue(WHATSAPP.id, clock.now(), 10, 60_000, 'test')
    expect(claimed?.id).toBe(messageId)
    await s.outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${messageId}` } }], 'test', clock.now())
  }
  const notOnWhatsApp = (messageId: string, at: number): StatusEvent => ({
    kind: 'status',
    providerMessageId: `wamid.${messageId}`,
    messageId,
    status: 'failed',
    at,
    error: { code: '131026', title: 'Message undeliverable', retryable: false, unreachable: true },
  })
  const smsMessages = async (s: ReturnType<typeof stores>) =>
    (await s.messages.listByContact(AYSE, 50, null))!.items.filter((m) => m.channel === 'sms' && m.direction === 'outbound')

  it("follows the first not-on-WhatsApp failure with the rule's SMS, once; later events go straight to SMS, through the SMS sender", async () => {
    const { s, events, fallback, apply } = await setUp(WITH_FALLBACK)
    const first = await handleEvent(events, lessonEvent('lesson-1'))
    expect(first).toMatchObject({ kind: 'handled', decisions: [{ ruleId: 'lesson-reminder', outcome: 'queued', detail: { route: { kind: 'template', language: 'tr' } } }] })
    const whatsappId = first.kind === 'handled' ? first.decisions[0]!.messageId! : ''
    await sendOnWhatsApp(s, whatsappId)
    expect(await smsMessages(s)).toEqual([])

    clock.advance(5_000)
    await apply([notOnWhatsApp(whatsappId, clock.now() - 1000)])
    expect((await s.contacts.byPhones([AYSE])).get(AYSE)!.onWhatsApp).toBe(false)
    const [sms, ...more] = await smsMessages(s)
    expect(more).toEqual([])
    expect(sms).toMatchObject({
      senderId: 'school-sms',
      account: 'sms-gateway',
      kind: 'text',
      status: 'queued',
      preview: 'Can için ders yarın 15:00. Çıkmak için STOP yazın.',
      // ç, ı: UCS-2; 50 characters fit one.
      segments: 1,
      metadata: { event_id: expect.stringMatching(/^evt-lesson-1/), rule_id: 'lesson-reminder', fallback_of: whatsappId },
    })
    const recorded = await s.eventLog.decisions((sms!.metadata as { event_id: string }).event_id)
    expect(recorded.map((d) => [d.outcome, (d.detail as { route?: { kind: string } }).route?.kind, d.messageId])).toEqual([
      ['queued', 'template', whatsappId],
      ['queued', 'sms', sms!.id],
    ])
    expect(recorded[1]!.detail).toMatchObject({ fallback_of: whatsappId, route: { why: expect.stringContaining('not on WhatsApp') } })

    // The status again (a webhook retry), and the fallback asked for twice at once: nothing more.
    await apply([notOnWhatsApp(whatsappId, clock.now() - 1000)])
    expect(await Promise.all([fallBackToSms(fallback, { messageId: whatsappId, providerMessageId: `wamid.${whatsappId}` }), fallBackToSms(fallback, { messageId: null, providerMessageId: `wamid.${whatsappId}` })])).toEqual([
      { kind: 'duplicate' },
      { kind: 'duplicate' },
    ])
    expect(await smsMessages(s)).toHaveLength(1)

    // The dispatcher sends it through the SMS sender, text only.
    const smsSender = recordingSmsSender()
    const dispatcher = createDispatcher({
      outbox: s.outbox,
      limiter: createRateBucketStore(s.database),
      clock,
      random: () => 0.5,
      owner: 'test',
      senders: [{ id: SMS.id, provider: smsSender, ratePerSecond: 10 }],
      config: loadConfig({ PARLEY_LOG_LEVEL: 'silent' }).dispatch,
    })
    expect(await dispatcher.dispatchDue(clock.now())).toBe(1)
    expect(smsSender.sent).toEqual([expect.objectContaining({ messageId: sms!.id, to: AYSE, content: { kind: 'text', text: 'Can için ders yarın 15:00. Çıkmak için STOP yazın.' } })])
    expect((await s.messages.get(sms!.id))!.status).toBe('accepted')

    // The next event for Ayşe goes by SMS at once: WhatsApp is not tried again.
    clock.advance(60_000)
    const second = await handleEvent(events, lessonEvent('lesson-2'))
    expect(second).toMatchObject({ kind: 'handled', decisions: [{ outcome: 'queued', detail: { route: { kind: 'sms' } } }] })
    const secondId = second.kind === 'handled' ? second.decisions[0]!.messageId! : ''
    expect((await s.messages.get(secondId))).toMatchObject({ channel: 'sms', senderId: 'school-sms' })
  })

  it('sends no SMS for a lesson cancelled after its WhatsApp reminder left but before the failure came back', async () => {
    const { s, events, apply } = await setUp(`${WITH_FALLBACK}    cancel_on:
      - { event: lesson.cancelled, match: data.lesson.id }
`)
    const reminder = lessonEvent('lesson-7')
    const decided = await handleEvent(events, reminder)
    const whatsappId = decided.kind === 'handled' ? decided.decisions[0]!.messageId! : ''
    await sendOnWhatsApp(s, whatsappId)
    clock.advance(1_000)
    const cancel = lessonEvent('lesson-7')
    const cancelled = await handleEvent(events, { ...cancel, raw: { ...cancel.raw, type: 'lesson.cancelled' } })
    // Already with Meta: nothing waiting to cancel.
    expect(cancelled).toMatchObject({ kind: 'handled', decisions: [] })
    clock.advance(4_000)
    await apply([notOnWhatsApp(whatsappId, clock.now() - 1000)])
    expect(await smsMessages(s)).toEqual([])
    const recorded = await s.eventLog.decisions(reminder.raw.id)
    expect(recorded.map((d) => [d.outcome, d.reason, d.messageId])).toEqual([
      ['queued', null, whatsappId],
      ['cancelled', 'cancelled_by_event', null],
    ])
    expect(recorded[1]!.detail).toEqual({ keys: ['lesson.cancelled:data.lesson.id=lesson-7'], fallback_of: whatsappId })
  })

  it('applies the same policy to the fallback: a failure heard in quiet hours defers the SMS to 08:00', async () => {
    const { s, events, apply } = await setUp(WITH_FALLBACK)
    clock.set(Date.parse('2026-11-25T17:55:00Z')) // 20:55 in Istanbul
    const decided = await handleEvent(events, lessonEvent('lesson-3'))
    const whatsappId = decided.kind === 'handled' ? decided.decisions[0]!.messageId! : ''
    await sendOnWhatsApp(s, whatsappId)
    clock.set(Date.parse('2026-11-25T18:10:00Z')) // 21:10: quiet hours
    await apply([notOnWhatsApp(whatsappId, clock.now())])
    const [sms] = await smsMessages(s)
    expect(sms).toMatchObject({ status: 'scheduled' })
    const recorded = await s.eventLog.decisions((sms!.metadata as { event_id: string }).event_id)
    expect(recorded[1]).toMatchObject({ outcome: 'scheduled', detail: { at: '2026-11-26T05:00:00.000Z', deferred: { reason: 'quiet_hours' }, route: { kind: 'sms' } } })
  })

  it('sends nothing more for a rule without a fallback (later events are suppressed as not_on_whatsapp), and names an unknown SMS sender', async () => {
    const { s, events, apply } = await setUp(RULES(''))
    const decided = await handleEvent(events, lessonEvent('lesson-4'))
    const whatsappId = decided.kind === 'handled' ? decided.decisions[0]!.messageId! : ''
    await sendOnWhatsApp(s, whatsappId)
    await apply([notOnWhatsApp(whatsappId, clock.now())])
    expect(await smsMessages(s)).toEqual([])
    expect(await handleEvent(events, lessonEvent('lesson-5'))).toMatchObject({ decisions: [{ outcome: 'suppressed', reason: 'not_on_whatsapp' }] })

    const named = await setUp(RULES(`    fallback:
      sms:
        text: "Ders {{time}}"
        from: no-such-sender`))
    expect(await handleEvent(named.events, lessonEvent('lesson-6'))).toMatchObject({ decisions: [{ outcome: 'error', reason: 'unknown_sender', detail: { message: expect.stringContaining('no-such-sender') } }] })
  })

  it('goes by SMS from the first event for a parent the school says has no WhatsApp, and by WhatsApp again once it says they have', async () => {
    const { s, events } = await setUp(WITH_FALLBACK)
    const withPhone = (input: EventInput, onWhatsApp: boolean): EventInput => ({ ...input, subject: { ...input.subject!, contacts: input.subject!.contacts.map((c) => ({ ...c, onWhatsApp })) } })
    expect(await handleEvent(events, withPhone(lessonEvent('lesson-8'), false))).toMatchObject({ decisions: [{ outcome: 'queued', detail: { route: { kind: 'sms' } } }] })
    expect((await s.contacts.byPhones([AYSE])).get(AYSE)!.onWhatsApp).toBe(false)
    await s.contacts.save({ phone: AYSE, onWhatsApp: true }, clock.now())
    expect(await handleEvent(events, lessonEvent('lesson-9'))).toMatchObject({ decisions: [{ outcome: 'queued', detail: { route: { kind: 'template' } } }] })
  })

  it('goes by SMS where no WhatsApp sender is configured', async () => {
    const { events } = await setUp(WITH_FALLBACK, [SMS])
    expect(await handleEvent(events, lessonEvent('lesson-7'))).toMatchObject({
      decisions: [{ outcome: 'queued', detail: { route: { kind: 'sms', why: expect.stringContaining('no WhatsApp sender') } } }],
    })
  })

  it('takes an undeliverable SMS for nothing about WhatsApp', async () => {
    const { s, apply } = await setUp(WITH_FALLBACK)
    await s.outbox.enqueue([{ id: 'msg_sms_1', to: AYSE, market: 'TR', senderId: SMS.id, provider: SMS.provider, account: SMS.account, channel: 'sms', content: { kind: 'text', text: 'x' }, preview: 'x', segments: 1, metadata: null, dueAt: clock.now() }], clock.now())
    const [claimed] = await s.outbox.claimDue(SMS.id, clock.now(), 1, 60_000, 'test')
    await s.outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'sms-x' } }], 'test', clock.now())
    await apply([{ kind: 'status', providerMessageId: 'sms-x', messageId: 'msg_sms_1', status: 'failed', at: clock.now(), error: { code: '30003', title: 'Unreachable destination handset', retryable: false, unreachable: true } }])
    expect((await s.contacts.byPhones([AYSE])).get(AYSE)!.onWhatsApp).toBeNull()
    expect(await smsMessages(s)).toHaveLength(1)
  })
})
