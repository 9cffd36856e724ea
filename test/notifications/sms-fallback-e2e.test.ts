import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AccountConfig, SenderConfig } from '../../src/accounts-config.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { loadTemplateFolder } from '../../src/cli/template-files.js'
import { approveTemplates, INSTANT_APPROVAL } from '../support/templates.js'

/*
 * The school's reminder for a parent not on WhatsApp, end to end: Parley with a Meta number and a
 * generic SMS gateway, both the sandbox in their own wire formats. The WhatsApp template fails with
 * 131026 (a webhook), the rule's SMS follows through the gateway once, a later event goes by SMS at
 * once, and STOP by SMS stops them all.
 */
const ACCOUNTS: AccountConfig[] = [
  { id: 'meta', provider: 'meta', sandbox: true },
  { id: 'sms-gateway', provider: 'http-sms', sandbox: true },
]
const SENDERS: SenderConfig[] = [
  { id: 'default', account: 'meta', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
  { id: 'gateway', account: 'sms-gateway', channel: 'sms', number: '+15550001239', ratePerSecond: 80 },
]
const GATEWAY_NUMBER = '+15550001239'
const AYSE = '+905321550001'
const RULES = `
rules:
  - id: lesson-confirmation
    on: lesson.scheduled
    send:
      template: lesson_scheduled
      params:
        parent_name: recipient.name
        child_name: data.student.first_name
        date: { from: data.lesson.starts_at, format: date }
        time: { from: data.lesson.starts_at, format: time }
    category: utility
    to: guardians
    ignore_quiet_hours: true
    fallback:
      sms:
        text: "{{child_name}} için ders {{date}} {{time}}. Çıkmak için STOP yazın."
`

describeEachDatabase('SMS fallback end to end, through the sandbox', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { accounts: ACCOUNTS, senders: SENDERS, sandbox: { templateReview: INSTANT_APPROVAL } })
    // The school's own templates (examples/templates), approved at once by the sandbox.
    await approveTemplates(h, (await loadTemplateFolder('examples/templates')).inputs)
    expect((await h.api('PUT', '/v1/rules', { document: RULES })).body).toEqual({ rules: 1 })
    h.sandbox.setUser(AYSE, { onWhatsApp: false })
  })
  afterAll(async () => h?.close())

  let eventCount = 0
  let lastEventId = ''
  const post = () =>
    h.api('POST', '/v1/events', {
      id: (lastEventId = `evt-e2e-${eventCount++}`),
      type: 'lesson.scheduled',
      occurred_at: new Date().toISOString(),
      subject: { external_id: 'student-can', contacts: [{ phone: AYSE, name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', role: 'guardian' }] },
      data: { lesson: { id: `lesson-${eventCount}`, starts_at: '2026-12-24T15:00:00+03:00' }, student: { first_name: 'Can' } },
    })
  const smsOf = (phone: string) => h.sandbox.smsAccepted().filter((m) => m.to === phone.slice(1))
  const message = async (id: string) => (await h.api('GET', `/v1/messages/${id}`)).body

  it('follows the WhatsApp failure with the SMS once, sends the next event by SMS, and STOP by SMS ends both', async () => {
    const first = await post()
    const firstId = lastEventId
    expect(first.status).toBe(202)
    expect(first.body.decisions).toMatchObject([{ outcome: 'queued', detail: { route: { kind: 'template', language: 'tr' } } }])
    const whatsappId = first.body.decisions[0].message_id

    const failed = await eventually(async () => ((await message(whatsappId)).status === 'failed' ? message(whatsappId) : undefined), 20_000, 'the WhatsApp failure')
    expect(failed.error).toMatchObject({ code: '131026' })
    const sms = await eventually(async () => smsOf(AYSE)[0], 20_000, 'the SMS at the gateway')
    expect(sms).toMatchObject({ from: GATEWAY_NUMBER.slice(1), text: expect.stringMatching(/^Can için ders 24 Aralık Perşembe 15:00\. Çıkmak için STOP yazın\.$/) })
    expect((await h.api('GET', `/v1/contacts/${encodeURIComponent(AYSE)}`)).body.on_whatsapp).toBe(false)

    const decided = await eventually(async () => {
      const event = (await h.api('GET', `/v1/events/${firstId}`)).body
      return event.decisions?.length === 2 ? event : undefined
    }, 20_000, 'the fallback decision')
    const fallback = decided.decisions[1]
    expect(fallback).toMatchObject({ outcome: 'queued', detail: { route: { kind: 'sms' }, fallback_of: whatsappId } })
    const delivered = await eventually(async () => (['delivered', 'sent'].includes((await message(fallback.message_id)).status) ? message(fallback.message_id) : undefined), 20_000, 'the SMS delivered')
    expect(delivered).toMatchObject({ channel: 'sms', provider: 'http-sms', account: 'sms-gateway', from: 'gateway', segments: 1 })
    // The failure's webhook may come again; the SMS does not.
    await h.sandbox.idle()
    await h.parley.processor.drain()
    expect(smsOf(AYSE)).toHaveLength(1)

    const second = await post()
    expect(second.body.decisions).toMatchObject([{ outcome: 'queued', detail: { route: { kind: 'sms' } } }])
    await eventually(async () => smsOf(AYSE).length === 2, 20_000, 'the second SMS')
    expect(h.sandbox.accepted().filter((m) => m.to === AYSE.slice(1))).toHaveLength(1)

    await h.sandbox.userSendsSms(AYSE, 'Stop', GATEWAY_NUMBER)
    await eventually(async () => (await h.api('GET', `/v1/contacts/${encodeURIComponent(AYSE)}`)).body.opt_out?.source === 'sms_keyword', 20_000, 'the opt-out')
    const confirmation = await eventually(async () => smsOf(AYSE)[2], 20_000, 'the opt-out confirmation by SMS')
    expect(confirmation.from).toBe(GATEWAY_NUMBER.slice(1))
    expect((await post()).body.decisions).toMatchObject([{ outcome: 'suppressed', reason: 'opted_out' }])
  })
})
