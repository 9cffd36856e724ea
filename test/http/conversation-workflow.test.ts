import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'
import { asBrowser, logIn, openSse } from '../support/sse.js'

const ANA = '+905321220001'
const BORA = '+905321220002'
const CEM = '+905321220003'
const enc = encodeURIComponent
const MINUTE = 60_000
const PASSWORD = 'a long enough passphrase'

describeEachDatabase('conversation workflow API', (dialect) => {
  let h: Harness
  // Whole seconds: the platform's message times are, and the cycle starts at one.
  const clock = manualClock(Math.floor(Date.now() / 1000) * 1000)
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, clock, env: { PARLEY_SLA_FIRST_RESPONSE_MINUTES: '15' } })
    await addOperator(h.parley.operators, { email: 'anna@example.com', name: 'Anna', role: 'operator', password: PASSWORD }, clock.now())
    await addOperator(h.parley.operators, { email: 'vera@example.com', name: 'Vera', role: 'viewer', password: PASSWORD }, clock.now())
  })
  afterAll(async () => h?.close())

  const row = async (phone: string, filter = 'all') => {
    const res = await h.api('GET', `/v1/conversations?filter=${filter}`)
    expect(res.status).toBe(200)
    return (res.body.data as any[]).find((c) => c.phone === phone)
  }
  const parentWrites = async (phone: string, text: string) => {
    const before = (await row(phone))?.last_message?.at
    await h.sandbox.userSends(phone, { text })
    return eventually(async () => {
      const c = await row(phone)
      return c?.last_message.preview === text && c.last_message.at !== before && c
    })
  }

  it('resolves and reopens (audited, live on the feed), lists resolved ones apart, and a new parent message reopens', async () => {
    await parentWrites(ANA, 'Is the lesson on?')
    const stream = await openSse(h.url)
    const resolved = await h.api('POST', `/v1/conversations/${enc(ANA)}/resolve`)
    expect(resolved).toMatchObject({ status: 200, body: { phone: ANA, state: 'resolved', changed: true } })
    expect((await stream.nextOf('conversation.resolved')).data).toMatchObject({ phone: ANA, actorId: expect.stringMatching(/^key_/) })
    expect((await h.api('POST', `/v1/conversations/${enc(ANA)}/resolve`)).body.changed).toBe(false)
    expect(await row(ANA)).toBeUndefined()
    expect(await row(ANA, 'waiting')).toBeUndefined()
    expect(await row(ANA, 'resolved')).toMatchObject({ state: 'resolved', resolved_at: new Date(clock.now()).toISOString(), waiting_since: null })

    await h.sandbox.userSends(ANA, { text: 'One more question' })
    expect((await stream.nextOf('conversation.reopened')).data).toMatchObject({ phone: ANA, actorId: null })
    expect(await row(ANA)).toMatchObject({ state: 'open', resolved_at: null })

    await h.api('POST', `/v1/conversations/${enc(ANA)}/resolve`)
    expect((await h.api('POST', `/v1/conversations/${enc(ANA)}/reopen`)).body).toEqual({ phone: ANA, state: 'open', changed: true })
    expect((await stream.nextOf('conversation.reopened')).data.actorId).toMatch(/^key_/)
    stream.close()

    const audit = await h.api('GET', '/v1/audit?limit=10')
    expect((audit.body.data as any[]).filter((e) => e.action.startsWith('conversation.')).map((e) => e.action)).toEqual([
      'conversation.reopened',
      'conversation.resolved',
      'conversation.resolved',
    ])
    expect((await h.api('POST', `/v1/conversations/${enc('+905329999998')}/resolve`)).body.error.code).toBe('not_found')
    expect((await h.api('POST', '/v1/conversations/nonsense/reopen')).body.error.code).toBe('invalid_phone')
  })

  it('times the first response and the resolution of a cycle against the SLA target', async () => {
    const opened = await parentWrites(BORA, 'Hello?')
    const start = Date.parse(opened.waiting_since)
    expect(opened).toMatchObject({ first_response_seconds: null, resolution_seconds: null, sla: { first_response_due_at: new Date(start + 15 * MINUTE).toISOString(), breached: false } })

    clock.advance(16 * MINUTE)
    expect((await row(BORA)).sla.breached).toBe(true)
    expect((await h.api('POST', '/v1/messages', { to: BORA, text: 'Sorry, here now.' })).status).toBe(202)
    const answered = await row(BORA)
    const firstResponse = Math.round((clock.now() - start) / 1000)
    expect(answered).toMatchObject({ waiting_since: null, first_response_seconds: firstResponse, sla: { breached: true } })

    // A later message in the same cycle changes neither the start nor the first response.
    clock.advance(MINUTE)
    await parentWrites(BORA, 'Thanks')
    clock.advance(MINUTE)
    await h.api('POST', '/v1/messages', { to: BORA, text: 'You are welcome.' })
    expect((await row(BORA)).first_response_seconds).toBe(firstResponse)
    clock.advance(MINUTE)
    await h.api('POST', `/v1/conversations/${enc(BORA)}/resolve`)
    expect(await row(BORA, 'resolved')).toMatchObject({ first_response_seconds: firstResponse, resolution_seconds: Math.round((clock.now() - start) / 1000) })

    // A new cycle, answered in time.
    clock.advance(MINUTE)
    const again = await parentWrites(BORA, 'Another thing')
    expect(again).toMatchObject({ state: 'open', first_response_seconds: null, resolution_seconds: null, sla: { breached: false } })
    clock.advance(2 * MINUTE)
    await h.api('POST', '/v1/messages', { to: BORA, text: 'Sure.' })
    clock.advance(30 * MINUTE)
    expect(await row(BORA)).toMatchObject({ first_response_seconds: Math.round((clock.now() - 30 * MINUTE - Date.parse(again.waiting_since)) / 1000), sla: { breached: false } })
  })

  it("holds a team's conversation to the team's own first-response target, and hides it from an operator outside the team", async () => {
    const team = await h.api('POST', '/v1/teams', { name: 'Admissions', first_response_sla_minutes: 5, resolution_sla_minutes: 30 })
    expect(team.status).toBe(201)
    const routed = '+905321220004'
    const unrouted = '+905321220005'
    await parentWrites(routed, 'About admissions')
    await parentWrites(unrouted, 'About lunch')
    expect((await h.api('PUT', `/v1/conversations/${enc(routed)}/team`, { team_id: team.body.id })).status).toBe(200)
    clock.advance(6 * MINUTE)
    expect((await row(routed)).sla.breached).toBe(true) // 5 minutes
    expect((await row(unrouted)).sla.breached).toBe(false) // the default 15
    // The team's resolution target runs from the same start; without a team there is none.
    const started = Date.parse((await row(routed)).waiting_since)
    expect((await row(routed)).sla).toMatchObject({ resolution_due_at: new Date(started + 30 * MINUTE).toISOString(), resolution_breached: false })
    expect((await row(unrouted)).sla).toMatchObject({ resolution_due_at: null, resolution_breached: null })
    clock.advance(25 * MINUTE)
    expect((await row(routed)).sla.resolution_breached).toBe(true)

    const anna = await logIn(h.url, 'anna@example.com', PASSWORD)
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(routed)}/resolve`)).body.error.code).toBe('not_found')
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(routed)}/typing`)).body.error.code).toBe('not_found')
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(unrouted)}/resolve`)).body.changed).toBe(true)
  })

  it("puts an operator's typing on the feed at most once per 3 s; only for a session, never a viewer's", async () => {
    await parentWrites(CEM, 'hi')
    const anna = await logIn(h.url, 'anna@example.com', PASSWORD)
    const stream = await openSse(h.url)
    const first = await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(CEM)}/typing`)
    expect(first).toEqual({ status: 200, body: { sent: true, until: new Date(clock.now() + 6000).toISOString() } })
    expect((await stream.nextOf('conversation.typing')).data).toEqual({ type: 'conversation.typing', phone: CEM, operatorId: anna.operatorId, until: clock.now() + 6000, at: clock.now() })
    clock.advance(2_999)
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(CEM)}/typing`)).body.sent).toBe(false)
    clock.advance(1)
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc(CEM)}/typing`)).body.sent).toBe(true)
    expect((await stream.nextOf('conversation.typing')).data.at).toBe(clock.now())
    stream.close()
    // Her reply makes her the parent's handler (sticky assignment offers them back to her).
    expect((await asBrowser(h.url, anna, 'POST', '/v1/messages', { to: CEM, text: 'Hello!' })).status).toBe(202)
    const contact = await h.db.database.db.selectFrom('contacts').select('last_handler_id').where('phone', '=', CEM).executeTakeFirstOrThrow()
    expect(contact.last_handler_id).toBe(anna.operatorId)

    expect((await h.api('POST', `/v1/conversations/${enc(CEM)}/typing`)).status).toBe(403)
    const vera = await logIn(h.url, 'vera@example.com', PASSWORD)
    expect((await asBrowser(h.url, vera, 'POST', `/v1/conversations/${enc(CEM)}/typing`)).status).toBe(403)
    expect((await asBrowser(h.url, vera, 'POST', `/v1/conversations/${enc(CEM)}/resolve`)).status).toBe(403)
    expect((await asBrowser(h.url, anna, 'POST', `/v1/conversations/${enc('+905329999997')}/typing`)).body.error.code).toBe('not_found')
  })
})
