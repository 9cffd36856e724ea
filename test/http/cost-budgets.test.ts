import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL, namedTemplate } from '../support/templates.js'

/*
 * Budgets (issue 12 item 6) through the real sandbox, on the machine's clock (after 1 Oct 2026:
 * the meta-pmp-2026-10 card). Recipients are Brazilian: utility US$0.0068 = 6,800 micros, marketing
 * US$0.0625 = 62,500 (docs/platform.md §6.2); the provider charges nothing (the `direct` fee model).
 */
const UTILITY = 6_800
const MARKETING = 62_500
const phone = (n: number) => `+55119876${String(n).padStart(5, '0')}`
const hello = (n: number) => ({ to: phone(n), template: { name: 'hello_world', language: 'en_US' } })
const promo = (n: number) => ({ to: phone(n), template: { name: 'spring_promo', language: 'en' } })

const RULES = `
rules:
  - id: spring-offer
    on: offer.made
    to: contact
    send:
      template: spring_promo
    category: marketing
`

describeEachDatabase('budgets', (dialect) => {
  let h: Harness
  let receiver: Server
  let url: string
  const received: Array<{ topic: string; body: Record<string, unknown> }> = []

  beforeAll(async () => {
    const rules = join(mkdtempSync(join(tmpdir(), 'parley-budgets-')), 'rules.yaml')
    writeFileSync(rules, RULES)
    h = await startHarness(dialect, {
      env: { PARLEY_RULES_FILE: rules, PARLEY_QUIET_HOURS: 'off', PARLEY_OUTGOING_ALLOW_PRIVATE: 'true', PARLEY_OUTGOING_RETRY_BASE_MS: '20', PARLEY_OUTGOING_RETRY_MAX_MS: '100' },
      sandbox: { templateReview: INSTANT_APPROVAL },
    })
    await approveTemplates(h, [{ definition: namedTemplate('spring_promo', 'en', 'MARKETING', 'Spring courses are open: enrol this week.', {}) }])
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += String(c)))
      req.on('end', () => {
        received.push({ topic: String(req.headers['x-parley-topic']), body: JSON.parse(body) as Record<string, unknown> })
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/budgets`
  })
  afterAll(async () => {
    await h?.close()
    await new Promise((resolve) => receiver?.close(resolve))
  })

  const budgets = async () => (await h.api('GET', '/v1/costs/budgets')).body as { version: number; budgets: Array<{ key: string; spent_micros: number; used_ratio: number }> }
  const spentOn = async (key: string) => (await budgets()).budgets.find((b) => b.key === key)?.spent_micros

  it('refuses an invalid document with 422 budget_invalid and every issue, changing nothing', async () => {
    const refused = await h.api('PUT', '/v1/costs/budgets', {
      currency: 'usd',
      budgets: [
        { scope: 'category', category: 'utility', amount: 1.5, hard_stop: true },
        { scope: 'sender', sender: '5511', amount: '-2' },
      ],
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('budget_invalid')
    const paths = (refused.body.error.details.issues as Array<{ path: string }>).map((i) => i.path).sort()
    expect(paths).toEqual(['budgets.0.hard_stop', 'budgets.1.amount', 'budgets.1.sender', 'currency'])
    expect((await budgets()).version).toBe(0)
  })

  it('alerts at 80 % and at 100 % once each, even when two batches cross together: one webhook each, the metric', async () => {
    const sub = await h.api('POST', '/v1/webhooks', { url, topics: ['cost.budget_threshold'] })
    expect(sub.status).toBe(201)
    // Ten utility templates' worth.
    const number = h.config.senders[0]!.number
    const set = await h.api('PUT', '/v1/costs/budgets', {
      currency: 'USD',
      budgets: [
        { scope: 'category', category: 'utility', amount: 0.068 },
        { scope: 'sender', sender: number, amount: 100 },
      ],
    })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ version: 1, currency: 'USD', budgets: [{ key: 'category:utility', amount_micros: 68_000, spent_micros: 0, used_ratio: 0, hard_stop: false }, { key: `sender:${number}`, spent_micros: 0 }] })

    const batch = (from: number, n: number) => h.api('POST', '/v1/messages/batch', { messages: Array.from({ length: n }, (_, i) => hello(from + i)) })
    const deliveries = async () => ((await h.api('GET', `/v1/webhooks/${sub.body.id}/deliveries`)).body.data as Array<{ payload: { threshold: number; scope: string } }>).map((d) => d.payload)

    for (const answer of await Promise.all([batch(100, 4), batch(200, 4)])) expect(answer.status).toBe(202)
    expect(await spentOn('category:utility')).toBe(8 * UTILITY)
    // The configured sender's number carries the same spend.
    expect(await spentOn(`sender:${number}`)).toBe(8 * UTILITY)
    // The deliveries are written with the spend: once the batches are answered, they are all there.
    expect(await deliveries()).toEqual([expect.objectContaining({ scope: 'category:utility', threshold: 80, spent_micros: 8 * UTILITY, amount_micros: 68_000, currency: 'USD' })])

    for (const answer of await Promise.all([batch(300, 1), batch(400, 1)])) expect(answer.status).toBe(202)
    expect((await deliveries()).map((d) => d.threshold).sort()).toEqual([100, 80])
    await eventually(async () => received.length >= 2 || undefined, 10_000, 'both alerts to be delivered')
    expect(received.map((r) => [r.topic, r.body.threshold]).sort()).toEqual([['cost.budget_threshold', 100], ['cost.budget_threshold', 80]])
    expect(received.find((r) => r.body.threshold === 100)!.body).toMatchObject({ month: new Date().toISOString().slice(0, 7), scope: 'category:utility', spent_micros: 10 * UTILITY, used_ratio: 1 })

    const metrics = (await h.api('GET', '/metrics')).body as string
    expect(metrics).toMatch(/parley_cost_budget_alerts_total\{threshold="80"\} 1\n/)
    expect(metrics).toMatch(/parley_cost_budget_alerts_total\{threshold="100"\} 1\n/)
    expect(metrics).toMatch(/parley_cost_budget_used_ratio\{scope="category:utility"\} 1\n/)

    // Past 100 %, nothing more alerts this month.
    await batch(500, 1)
    expect(await deliveries()).toHaveLength(2)
  })

  it('refuses a marketing send past a hard-stopped budget with 422 budget_exhausted, while utility still goes; nothing refused is stored', async () => {
    const set = await h.api('PUT', '/v1/costs/budgets', {
      currency: 'USD',
      budgets: [
        { scope: 'category', category: 'utility', amount: 0.068 },
        { scope: 'category', category: 'marketing', amount: 0.1, hard_stop: true },
      ],
    })
    expect(set.status).toBe(200)
    expect((await h.api('POST', '/v1/messages', promo(600))).status).toBe(202)
    const refused = await h.api('POST', '/v1/messages', promo(601))
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'budget_exhausted', details: { scope: 'category:marketing', spent_micros: MARKETING, amount_micros: 100_000, estimate_micros: MARKETING, currency: 'USD' } })
    expect((await h.api('GET', `/v1/contacts/${encodeURIComponent(phone(601))}/messages`)).body.data ?? []).toEqual([])
    // Utility is past its budget, but only marketing is ever stopped.
    expect((await h.api('POST', '/v1/messages', hello(602))).status).toBe(202)
    expect(await spentOn('category:marketing')).toBe(MARKETING)
  })

  it('refuses the marketing item of a batch in its per-item shape and accepts the rest', async () => {
    const answer = await h.api('POST', '/v1/messages/batch', { messages: [promo(700), hello(701)] })
    expect(answer.status).toBe(202)
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 1 })
    const [marketing, utility] = answer.body.results
    expect(marketing).toMatchObject({ index: 0, error: { code: 'budget_exhausted', details: { scope: 'category:marketing', spent_micros: MARKETING } } })
    expect(utility).toMatchObject({ index: 1, status: 'queued', id: expect.any(String) })
    expect(await spentOn('category:marketing')).toBe(MARKETING)
  })

  it('suppresses a rule decision that would pass the hard stop, with reason budget_exhausted, and queues it once the budget allows', async () => {
    await h.api('PUT', `/v1/contacts/${encodeURIComponent(phone(800))}`, { marketing_consent: { granted: true, source: 'enrolment form' } })
    const event = (id: string) => h.api('POST', '/v1/events', { id, type: 'offer.made', occurred_at: new Date().toISOString(), contact: { phone: phone(800) } })
    const stopped = await event('offer-1')
    expect(stopped.status).toBe(202)
    expect(stopped.body.decisions).toEqual([expect.objectContaining({ rule_id: 'spring-offer', outcome: 'suppressed', reason: 'budget_exhausted', message_id: null })])
    await h.api('PUT', '/v1/costs/budgets', { currency: 'USD', budgets: [{ scope: 'category', category: 'marketing', amount: 1, hard_stop: true }] })
    const sent = await event('offer-2')
    expect(sent.body.decisions).toEqual([expect.objectContaining({ outcome: 'queued', message_id: expect.any(String) })])
    expect(await spentOn('category:marketing')).toBe(2 * MARKETING)
  })

  it('moves the spend by final − estimate when the platform bills a message otherwise', async () => {
    await h.api('PUT', '/v1/costs/budgets', {
      currency: 'USD',
      budgets: [
        { scope: 'category', category: 'utility', amount: 10 },
        { scope: 'category', category: 'marketing', amount: 10 },
      ],
    })
    const before = { utility: (await spentOn('category:utility'))!, marketing: (await spentOn('category:marketing'))! }
    // The platform moves hello_world to MARKETING while its webhooks are held: Parley still estimates utility.
    const webhookUrl = h.sandbox.options.webhookUrl
    h.sandbox.setWebhookUrl(null)
    h.sandbox.recategorizeTemplate({ name: 'hello_world', language: 'en_US' }, 'MARKETING')
    const sent = await h.api('POST', '/v1/messages', hello(900))
    expect(sent.body.cost).toMatchObject({ estimated_micros: UTILITY, category: 'utility' })
    expect(await spentOn('category:utility')).toBe(before.utility + UTILITY)
    await eventually(async () => h.sandbox.accepted().some((m) => m.to === phone(900).slice(1)) || undefined, 10_000, 'the sandbox to take it')
    h.sandbox.setWebhookUrl(webhookUrl)
    await eventually(async () => ((await h.api('GET', `/v1/messages/${sent.body.id}`)).body.cost?.final ? true : undefined), 10_000, 'the final')
    expect(await spentOn('category:utility')).toBe(before.utility)
    expect(await spentOn('category:marketing')).toBe(before.marketing + MARKETING)
  })
})
