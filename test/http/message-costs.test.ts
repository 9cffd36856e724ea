import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, namedTemplate } from '../support/templates.js'

/*
 * A cost on every message (issue 12), through the real sandbox. The clock is the machine's (after
 * 1 Oct 2026), so the card in force is meta-pmp-2026-10; recipients are Brazilian (+55): utility
 * US$0.0068 = 6,800 micros, marketing US$0.0625 = 62,500 (docs/platform.md §6.2). The provider is
 * the Twilio example (PARLEY_PROVIDER_FEE_MODEL): US$0.005 = 5,000 micros on every message, either way.
 */
const CLOSED_A = '+5511987650001'
const CLOSED_B = '+5511987650002'
const WRITER = '+5511987650003'
const PROVIDER = 5_000

describeEachDatabase('message costs', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { PARLEY_PROVIDER_FEE_MODEL: 'twilio-example' },
      // Every UTILITY template comes back approved as MARKETING: the platform bills it as marketing.
      sandbox: { templateReview: { delayMs: 0, rejectLanguages: [], reclassifyUtilityToMarketing: 'always' } },
    })
    await approveTemplates(h, [{ definition: namedTemplate('fee_due', 'en', 'UTILITY', 'Your fee of {{amount}} is due.', { amount: '10' }) }])
  })
  afterAll(async () => h?.close())

  const settled = (id: string) =>
    eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${id}`)
      return got.body.cost?.final && got.body.status === 'read' ? got.body : undefined
    }, 10_000, `${id} to be priced`)

  it('estimates a utility template at accept and keeps the final the sandbox priced, equal to it', async () => {
    const sent = await h.api('POST', '/v1/messages', { to: CLOSED_A, template: { name: 'hello_world', language: 'en_US' } })
    expect(sent.status).toBe(202)
    expect(sent.body.cost).toEqual({ estimated_micros: 6_800 + PROVIDER, platform_micros: 6_800, provider_micros: PROVIDER, currency: 'USD', category: 'utility', reason: 'charged', card: 'meta-pmp-2026-10' })
    const message = await settled(sent.body.id)
    expect(message.pricing).toMatchObject({ category: 'utility', type: 'regular' })
    const utility = { total_micros: 11_800, platform_micros: 6_800, provider_micros: PROVIDER, currency: 'USD', category: 'utility', reason: 'charged', card: 'meta-pmp-2026-10' }
    expect(message.cost).toEqual({ estimated: utility, final: utility, discrepancy: false })
  })

  it('prices a template the sandbox reclassified at review as marketing, estimate and final alike', async () => {
    // Submitted as UTILITY, approved as MARKETING: Parley knows the approved category when it sends.
    const sent = await h.api('POST', '/v1/messages/batch', { messages: [{ to: CLOSED_B, template: { name: 'fee_due', language: 'en', params: { amount: '12' } } }] })
    expect(sent.status).toBe(202)
    const [item] = sent.body.results
    const marketing = { platform_micros: 62_500, provider_micros: PROVIDER, currency: 'USD', category: 'marketing', reason: 'charged', card: 'meta-pmp-2026-10' }
    expect(item.cost).toEqual({ estimated_micros: 67_500, ...marketing })
    const message = await settled(item.id)
    expect(message.pricing).toMatchObject({ category: 'marketing', type: 'regular' })
    expect(message.cost).toEqual({ estimated: { total_micros: 67_500, ...marketing }, final: { total_micros: 67_500, ...marketing }, discrepancy: false })
  })

  it("takes the platform's category when it bills a template otherwise than Parley estimated, and lists the discrepancy", async () => {
    const before = (await h.api('GET', '/v1/costs/discrepancies')).body.total as number
    // The platform moves hello_world to MARKETING while its webhooks are held: Parley still estimates utility.
    const webhookUrl = h.sandbox.options.webhookUrl
    h.sandbox.setWebhookUrl(null)
    h.sandbox.recategorizeTemplate({ name: 'hello_world', language: 'en_US' }, 'MARKETING')
    const sent = await h.api('POST', '/v1/messages', { to: CLOSED_B, template: { name: 'hello_world', language: 'en_US' } })
    expect(sent.body.cost).toMatchObject({ estimated_micros: 11_800, category: 'utility' })
    await eventually(async () => h.sandbox.accepted().filter((m) => m.to === CLOSED_B.slice(1)).length === 2 || undefined, 10_000, 'the sandbox to take it')
    h.sandbox.setWebhookUrl(webhookUrl)
    const message = await settled(sent.body.id)
    expect(message.pricing).toMatchObject({ category: 'marketing', type: 'regular' })
    expect(message.cost.final).toEqual({ total_micros: 67_500, platform_micros: 62_500, provider_micros: PROVIDER, currency: 'USD', category: 'marketing', reason: 'charged', card: 'meta-pmp-2026-10' })
    expect(message.cost.discrepancy).toBe(true)
    const listed = await h.api('GET', '/v1/costs/discrepancies?limit=1')
    expect(listed.status).toBe(200)
    expect(listed.body.total).toBe(before + 1)
    expect(listed.body.data).toEqual([{ message_id: sent.body.id, created_at: expect.any(String), estimated: expect.objectContaining({ category: 'utility', total_micros: 11_800 }), final: expect.objectContaining({ category: 'marketing', total_micros: 67_500 }) }])
  })

  it('carries the provider fee on an inbound message, and a free final for a free-form reply in the window', async () => {
    await h.sandbox.userSends(WRITER, { text: 'Is the fee due today?' })
    const inbound = await eventually(async () => {
      const list = await h.api('GET', `/v1/contacts/${encodeURIComponent(WRITER)}/messages`)
      return (list.body.data as Array<{ direction: string; cost: unknown }>).find((m) => m.direction === 'inbound')
    }, 10_000, 'the inbound message')
    const fee = { total_micros: PROVIDER, platform_micros: 0, provider_micros: PROVIDER, currency: 'USD', category: 'service', reason: 'inbound', card: null }
    expect(inbound.cost).toEqual({ estimated: fee, final: fee, discrepancy: false })
    // 2026-10 card: the first service messages of the month fall in the free allowance; the sandbox says free_customer_service.
    const reply = await h.api('POST', '/v1/messages', { to: WRITER, text: 'Yes, today.' })
    expect(reply.body.cost).toMatchObject({ estimated_micros: PROVIDER, platform_micros: 0, category: 'service', reason: 'free_allowance' })
    const message = await settled(reply.body.id)
    expect(message.pricing).toMatchObject({ category: 'service', type: 'free_customer_service' })
    expect(message.cost.final).toMatchObject({ platform_micros: 0, provider_micros: PROVIDER, category: 'service', reason: 'free_in_window' })
    expect(message.cost.discrepancy).toBe(false)
  })
})

describeEachDatabase("an event decision's cost", (dialect) => {
  let h: Harness
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parley-costs-')), 'rules.yaml')
    writeFileSync(file, 'rules:\n  - id: enrolled-welcome\n    on: student.enrolled\n    to: guardians\n    send:\n      template: hello_world\n    category: utility\n')
    h = await startHarness(dialect, { env: { PARLEY_RULES_FILE: file, PARLEY_QUIET_HOURS: 'off' } })
  })
  afterAll(async () => h?.close())

  it('is the estimate stored on its message, and the final the sandbox priced agrees', async () => {
    const posted = await h.api('POST', '/v1/events', { id: 'enr-cost', type: 'student.enrolled', occurred_at: new Date().toISOString(), subject: { external_id: 'student-ana', contacts: [{ phone: CLOSED_A, role: 'guardian' }] } })
    expect(posted.status).toBe(202)
    const [decision] = posted.body.decisions
    expect(decision).toMatchObject({ outcome: 'queued', detail: { route: { kind: 'template', cost: { micros: 6_800, currency: 'USD' } } } })
    const message = await eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${decision.message_id}`)
      return got.body.cost?.final ? got.body : undefined
    }, 10_000, 'the decided message to be priced')
    const utility = { total_micros: 6_800, platform_micros: 6_800, provider_micros: 0, currency: 'USD', category: 'utility', reason: 'charged', card: 'meta-pmp-2026-10' }
    expect(message.cost).toEqual({ estimated: utility, final: utility, discrepancy: false })
  })

  it('agrees with the sandbox for a utility template inside an open window', async () => {
    await h.sandbox.userSends(WRITER, { text: 'When does it start?' })
    await eventually(async () => ((await h.api('GET', `/v1/contacts/${encodeURIComponent(WRITER)}`)).body.last_inbound_at ? true : undefined), 10_000, 'the window to open')
    const posted = await h.api('POST', '/v1/events', { id: 'enr-window', type: 'student.enrolled', occurred_at: new Date().toISOString(), subject: { external_id: 'student-bo', contacts: [{ phone: WRITER, role: 'guardian' }] } })
    const [decision] = posted.body.decisions
    expect(decision).toMatchObject({ outcome: 'queued', detail: { route: { kind: 'template' } } })
    const message = await eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${decision.message_id}`)
      return got.body.cost?.final ? got.body : undefined
    }, 10_000, 'the decided message to be priced')
    // From 1 Oct 2026 a utility template is charged inside the window too: the decision, the sandbox and the final all say so.
    expect(decision.detail.route.cost).toEqual({ micros: 6_800, currency: 'USD' })
    expect(message.pricing).toMatchObject({ category: 'utility', type: 'regular' })
    expect(message.cost.estimated).toMatchObject({ platform_micros: 6_800, reason: 'charged' })
    expect(message.cost.final).toEqual(message.cost.estimated)
    expect(message.cost.discrepancy).toBe(false)
  })
})
