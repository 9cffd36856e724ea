import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL, namedTemplate } from '../support/templates.js'

// 11:00 in Berlin: outside quiet hours, so every send is immediate.
const T0 = Date.parse('2026-11-25T10:00:00Z')
const ANNA = '+4915112345670'
const PETER = '+4915112345671'
// Parents who each get two promotions from requests in flight at the same time.
const CROWD = Array.from({ length: 8 }, (_, i) => `+49151123456${String(80 + i)}`)

const RULES = `
rules:
  - id: promo
    on: promo.sent
    send:
      template: spring_offer
      params: { child_name: data.student.first_name }
    category: marketing
    to: contact
`

describeEachDatabase('frequency caps count messages already sent, not only scheduled ones', (dialect) => {
  let h: Harness
  const clock = manualClock(T0)

  beforeAll(async () => {
    h = await startHarness(dialect, { clock, sandbox: { templates: [], templateReview: INSTANT_APPROVAL } })
    const definition = namedTemplate('spring_offer', 'en', 'MARKETING', 'Spring classes are open: book a place for {{child_name}} this week and the first lesson is free.', { child_name: 'Max' })
    await approveTemplates(h, [{ definition }])
    expect((await h.api('PUT', '/v1/rules', { document: RULES })).body).toEqual({ rules: 1 })
    for (const phone of [ANNA, PETER, ...CROWD]) {
      const consented = await h.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { timezone: 'Europe/Berlin', language: 'en', marketing_consent: { granted: true, source: 'signup_form' } })
      expect(consented.status).toBe(200)
    }
  })
  afterAll(async () => h?.close())

  const promo = (id: string, phone: string) => ({ id, type: 'promo.sent', occurred_at: new Date(clock.now()).toISOString(), contact: { phone }, data: { student: { first_name: 'Max' } } })
  const outcomes = (decisions: Array<{ outcome: string; reason: string | null }>) => decisions.map((d) => [d.outcome, d.reason])
  const went = (id: string) =>
    eventually(async () => ['accepted', 'sent', 'delivered', 'read'].includes((await h.api('GET', `/v1/messages/${id}`)).body.status), 15_000, `${id} to be sent`)

  it('three marketing events seconds apart send one message; the other two are suppressed by the cap', async () => {
    const first = await h.api('POST', '/v1/events', promo('promo-a-1', ANNA))
    expect(first.status).toBe(202)
    expect(outcomes(first.body.decisions)).toEqual([['queued', null]])
    // Wait until the dispatcher has sent it: a message on its way no longer waits in the queue.
    await went(first.body.decisions[0].message_id)
    for (const id of ['promo-a-2', 'promo-a-3']) {
      clock.advance(5_000)
      const next = await h.api('POST', '/v1/events', promo(id, ANNA))
      expect(next.status).toBe(202)
      expect(outcomes(next.body.decisions)).toEqual([['suppressed', 'frequency_cap']])
      expect(next.body.decisions[0].detail.detail).toMatch(/1 marketing message\(s\) already in the local day/)
    }
    const sent = h.sandbox.accepted().filter((m) => m.to === ANNA.slice(1))
    expect(sent).toHaveLength(1)
  })

  it('three marketing events in one batch send one message', async () => {
    const res = await h.api('POST', '/v1/events/batch', { events: ['promo-p-1', 'promo-p-2', 'promo-p-3'].map((id) => promo(id, PETER)) })
    expect(res.status).toBe(202)
    expect(res.body.results.map((r: { decisions: Array<{ outcome: string; reason: string | null }> }) => outcomes(r.decisions))).toEqual([
      [['queued', null]],
      [['suppressed', 'frequency_cap']],
      [['suppressed', 'frequency_cap']],
    ])
    await went(res.body.results[0].decisions[0].message_id)
    clock.advance(5_000)
    const later = await h.api('POST', '/v1/events', promo('promo-p-4', PETER))
    expect(outcomes(later.body.decisions)).toEqual([['suppressed', 'frequency_cap']])
  })

  it('two requests in flight at once, each with a promotion for the same parents, queue one each', async () => {
    const batch = (round: string) => ({ events: CROWD.map((phone, i) => promo(`promo-crowd-${round}-${i}`, phone)) })
    const answers = await Promise.all([h.api('POST', '/v1/events/batch', batch('a')), h.api('POST', '/v1/events/batch', batch('b'))])
    for (const answer of answers) expect(answer.status).toBe(202)
    const decided = answers.flatMap((a) => a.body.results.map((r: { decisions: Array<{ outcome: string; reason: string | null }> }) => outcomes(r.decisions)[0]))
    expect(decided.filter(([outcome]: string[]) => outcome === 'queued')).toHaveLength(CROWD.length)
    expect(decided.filter(([outcome, reason]: string[]) => outcome === 'suppressed' && reason === 'frequency_cap')).toHaveLength(CROWD.length)
  })
})
