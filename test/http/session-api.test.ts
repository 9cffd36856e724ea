import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { manualClock, startHarness, type Harness } from '../support/harness.js'

const ANA = '+4915112345678'
const template = { name: 'hello_world', language: 'en_US' }
const PASSWORD = 'a long enough passphrase'
const HOUR = 3_600_000
const MINUTE = 60_000

/** What a browser holds after logging in: the cookie it sends back, and the CSRF token the page read. */
interface Browser {
  cookie: string
  csrf: string
  setCookie: string
  operatorId: string
}

describeEachDatabase('operator sessions over HTTP', (dialect) => {
  let h: Harness
  const clock = manualClock(Date.now())
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, clock, env: { PARLEY_SESSION_TTL_MS: String(HOUR), PARLEY_LOGIN_MAX_FAILURES: '1000' } })
    for (const role of ['admin', 'operator', 'viewer'] as Role[]) await addOperator(h.parley.operators, { email: `${role}@example.com`, role, password: PASSWORD }, clock.now())
  })
  afterAll(async () => h?.close())

  /** A request with no API key: only what a browser would send. */
  async function call(method: string, path: string, options: { cookie?: string; csrf?: string; body?: unknown } = {}) {
    const response = await fetch(`${h.url}${path}`, {
      method,
      headers: {
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null }
  }

  async function logIn(email: string, password = PASSWORD): Promise<Browser> {
    const res = await call('POST', '/v1/session', { body: { email, password } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const setCookie = res.headers.get('set-cookie')!
    return { cookie: setCookie.split(';')[0]!, csrf: res.body.csrf_token, setCookie, operatorId: res.body.operator.id }
  }

  it('logs in with an HttpOnly, SameSite=Strict cookie of a 256-bit token, and says who is logged in', async () => {
    const res = await call('POST', '/v1/session', { body: { email: 'Operator@Example.com', password: PASSWORD } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ operator: { id: expect.stringMatching(/^op_/), email: 'operator@example.com', name: 'operator@example.com', role: 'operator' }, csrf_token: expect.any(String), expires_at: expect.any(String) })
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^parley_session=[A-Za-z0-9_-]{43};/)
    const flags = setCookie.split(';').slice(1).map((f) => f.trim())
    expect(flags).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']))
    expect(flags).not.toContain('Secure')

    const me = await call('GET', '/v1/session', { cookie: setCookie.split(';')[0]! })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ operator: res.body.operator, csrf_token: res.body.csrf_token })
  })

  it('refuses a wrong password and an unknown address alike, with 401 login_failed', async () => {
    const wrong = await call('POST', '/v1/session', { body: { email: 'operator@example.com', password: 'not the password at all' } })
    const unknown = await call('POST', '/v1/session', { body: { email: 'nobody@example.com', password: PASSWORD } })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ error: { code: 'login_failed', message: 'The e-mail address or the password is wrong.', details: {} } })
      expect(res.headers.get('set-cookie')).toBeNull()
    }
  })

  it('asks for credentials without a key or cookie, and refuses a cookie that names no session', async () => {
    expect((await call('GET', '/v1/messages/msg_x')).body.error.code).toBe('unauthorized')
    const forged = await call('GET', '/v1/session', { cookie: `parley_session=${'A'.repeat(43)}` })
    expect(forged.status).toBe(401)
    expect(forged.body.error.code).toBe('unauthorized')
  })

  it('audits an operator opening a conversation once per ten minutes, however often the inbox reloads it; a key reading it is no opening', async () => {
    const phone = '+4915112340099'
    expect((await h.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { name: 'Opened Parent' })).status).toBe(200)
    const reader = await logIn('viewer@example.com')
    const openings = async () =>
      (await h.api('GET', `/v1/audit?actor=${reader.operatorId}&action=conversation.opened`)).body.data as Array<{ target: { kind: string; id: string } }>
    const before = (await openings()).length
    const path = `/v1/contacts/${encodeURIComponent(phone)}/messages`
    for (let i = 0; i < 3; i++) expect((await call('GET', path, { cookie: reader.cookie })).status).toBe(200)
    expect((await h.api('GET', path)).status).toBe(200)
    const once = await openings()
    expect(once).toHaveLength(before + 1)
    expect(once[0]!.target).toEqual({ kind: 'contact', id: expect.stringMatching(/^ct_/) })
    clock.advance(10 * 60 * 1000)
    expect((await call('GET', path, { cookie: reader.cookie })).status).toBe(200)
    expect(await openings()).toHaveLength(before + 2)
  })

  it('refuses a cookie-authenticated change without the CSRF token (403 csrf_failed), takes it with the token, and audits who sent what', async () => {
    const browser = await logIn('operator@example.com')
    const without = await call('POST', '/v1/messages', { cookie: browser.cookie, body: { to: ANA, template } })
    expect(without.status).toBe(403)
    expect(without.body.error.code).toBe('csrf_failed')
    const wrong = await call('POST', '/v1/messages', { cookie: browser.cookie, csrf: `${browser.csrf.slice(0, -1)}${browser.csrf.endsWith('x') ? 'y' : 'x'}`, body: { to: ANA, template } })
    expect(wrong.body.error?.code).toBe('csrf_failed')

    const sent = await call('POST', '/v1/messages', { cookie: browser.cookie, csrf: browser.csrf, body: { to: ANA, template } })
    expect(sent.status, JSON.stringify(sent.body)).toBe(202)
    const batch = await call('POST', '/v1/messages/batch', { cookie: browser.cookie, csrf: browser.csrf, body: { messages: [{ to: ANA, template }, { to: 'nope', template }] } })
    expect(batch.status).toBe(202)

    const audit = await h.api('GET', `/v1/audit?actor=${browser.operatorId}&action=message.sent`)
    expect(audit.status).toBe(200)
    expect(audit.body.data.map((e: any) => e.target.id)).toEqual([batch.body.results[0].id, sent.body.id])
    expect(audit.body.data[1]).toMatchObject({ actor: { kind: 'operator', id: browser.operatorId }, action: 'message.sent', target: { kind: 'message' }, details: { to: ANA } })
    // A key's send is not an operator's: no entry (and no CSRF token needed without ambient credentials).
    const byKey = await h.api('POST', '/v1/messages', { to: ANA, template })
    expect(byKey.status).toBe(202)
    expect((await h.api('GET', '/v1/audit?action=message.sent')).body.data.map((e: any) => e.target.id)).not.toContain(byKey.body.id)
  })

  it("gives each role its scopes: a viewer reads but cannot send; an operator cannot reach keys, rules or the audit log; an admin can", async () => {
    const viewer = await logIn('viewer@example.com')
    const refused = await call('POST', '/v1/messages', { cookie: viewer.cookie, csrf: viewer.csrf, body: { to: ANA, template } })
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { required_scope: 'messages:send', role: 'viewer' } })
    expect([401, 403]).not.toContain((await call('GET', `/v1/contacts/${encodeURIComponent(ANA)}/messages`, { cookie: viewer.cookie })).status)

    const operator = await logIn('operator@example.com')
    for (const path of ['/v1/keys', '/v1/rules', '/v1/audit']) {
      const res = await call('GET', path, { cookie: operator.cookie })
      expect(res.status, path).toBe(403)
      expect(res.body.error.details.required_scope).toBe('admin')
    }
    expect((await call('GET', '/v1/templates', { cookie: operator.cookie })).status).toBe(200)

    const admin = await logIn('admin@example.com')
    expect((await call('GET', '/v1/keys', { cookie: admin.cookie })).status).toBe(200)
    const audit = await call('GET', '/v1/audit?action=session.login&limit=1', { cookie: admin.cookie })
    expect(audit.status).toBe(200)
    expect(audit.body.data).toEqual([expect.objectContaining({ actor: { kind: 'operator', id: admin.operatorId }, action: 'session.login', target: null })])
    expect(audit.body.next_cursor).toEqual(String(audit.body.data[0].id))
    const older = await call('GET', `/v1/audit?action=session.login&cursor=${audit.body.next_cursor}`, { cookie: admin.cookie })
    expect(older.body.data.map((e: any) => e.actor.id)).toContain(operator.operatorId)
  })

  it('tells a key that the session routes are for sessions', async () => {
    const res = await h.api('GET', '/v1/session')
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
  })

  it('logs out: the old cookie is refused from then on, and the answer clears it', async () => {
    const browser = await logIn('operator@example.com')
    expect((await call('DELETE', '/v1/session', { cookie: browser.cookie })).body.error.code).toBe('csrf_failed')
    const out = await call('DELETE', '/v1/session', { cookie: browser.cookie, csrf: browser.csrf })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/^parley_session=;.*Expires=Thu, 01 Jan 1970/)
    expect((await call('GET', '/v1/session', { cookie: browser.cookie })).status).toBe(401)
    const audit = await h.api('GET', `/v1/audit?actor=${browser.operatorId}&action=session.logout`)
    expect(audit.body.data).toHaveLength(1)
  })

  it("logs out everywhere: every session of the operator ends, another operator's stays", async () => {
    const [here, there] = [await logIn('viewer@example.com'), await logIn('viewer@example.com')]
    const other = await logIn('admin@example.com')
    const res = await call('POST', '/v1/session/logout-everywhere', { cookie: here.cookie, csrf: here.csrf })
    expect(res.status).toBe(200)
    expect(res.body.revoked).toBeGreaterThanOrEqual(2)
    for (const b of [here, there]) expect((await call('GET', '/v1/session', { cookie: b.cookie })).status).toBe(401)
    expect((await call('GET', '/v1/session', { cookie: other.cookie })).status).toBe(200)
  })

  it('ends a session left unused for the TTL; each use (at most once a minute recorded) moves the end on', async () => {
    const browser = await logIn('operator@example.com')
    clock.advance(HOUR - MINUTE)
    expect((await call('GET', '/v1/session', { cookie: browser.cookie })).status).toBe(200)
    clock.advance(HOUR - MINUTE)
    expect((await call('GET', '/v1/session', { cookie: browser.cookie })).status).toBe(200)
    clock.advance(HOUR)
    expect((await call('GET', '/v1/session', { cookie: browser.cookie })).status).toBe(401)
  })

  it("ends a disabled operator's sessions and refuses their login", async () => {
    await addOperator(h.parley.operators, { email: 'leaver@example.com', role: 'operator', password: PASSWORD }, clock.now())
    const browser = await logIn('leaver@example.com')
    await h.parley.operators.store.disable('leaver@example.com', clock.now())
    expect((await call('GET', '/v1/session', { cookie: browser.cookie })).status).toBe(401)
    expect((await call('POST', '/v1/session', { body: { email: 'leaver@example.com', password: PASSWORD } })).body.error.code).toBe('login_failed')
  })

  it('lists the active operators by name for any reader (GET /v1/operators), their e-mail addresses for an admin only', async () => {
    await addOperator(h.parley.operators, { email: 'gone@example.com', role: 'operator', password: PASSWORD }, clock.now())
    await h.parley.operators.store.disable('gone@example.com', clock.now())
    const viewer = await logIn('viewer@example.com')
    const listed = await call('GET', '/v1/operators', { cookie: viewer.cookie })
    expect(listed.status).toBe(200)
    expect(listed.body.data).toContainEqual({ id: viewer.operatorId, name: 'viewer@example.com', role: 'viewer', team_ids: [] })
    expect(listed.body.data.some((o: { email?: string }) => 'email' in o)).toBe(false)
    expect(listed.body.data.some((o: { name: string }) => o.name === 'gone@example.com')).toBe(false)
    const admin = await logIn('admin@example.com')
    const full = await call('GET', '/v1/operators', { cookie: admin.cookie })
    expect(full.body.data).toContainEqual(expect.objectContaining({ id: admin.operatorId, name: 'admin@example.com', role: 'admin', email: 'admin@example.com', team_ids: [], sees_all_teams: false, disabled: false }))
  })
})

describeEachDatabase('login rate limit', (dialect) => {
  let h: Harness
  const clock = manualClock(Date.now())
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, clock })
    await addOperator(h.parley.operators, { email: 'ann@example.com', role: 'operator', password: PASSWORD }, clock.now())
  })
  afterAll(async () => h?.close())

  const logIn = (password: string) =>
    fetch(`${h.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ann@example.com', password }) })

  it('refuses every try, the right password too, after 5 failures in 15 minutes (429 with Retry-After), and lets it in once they are past', async () => {
    for (let i = 0; i < 5; i++) expect((await logIn(`wrong password ${i}`)).status).toBe(401)
    const limited = await logIn(PASSWORD)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBe(15 * 60)
    expect(((await limited.json()) as any).error.code).toBe('rate_limited')
    clock.advance(15 * MINUTE)
    expect((await logIn(PASSWORD)).status).toBe(200)
  })
})
