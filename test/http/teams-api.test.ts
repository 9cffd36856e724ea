import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const PASSWORD = 'correct horse battery'
const IN_A = '+447911123001'
const IN_B = '+447911123002'
const UNROUTED = '+447911123003'
const B_MINE = '+447911123004'
const PHONES = [IN_A, IN_B, UNROUTED, B_MINE]
const enc = encodeURIComponent

/** No phone of the test in any form a client could read: E.164, bare digits (wa_id) or inside a cursor. */
function expectNoNumber(text: string): void {
  for (const id of text.match(/wamid\.[A-Za-z0-9+/=_-]+/g) ?? []) expectNoNumber(Buffer.from(id.slice(6), 'base64').toString('latin1'))
  for (const phone of PHONES) {
    expect(text).not.toContain(phone)
    expect(text).not.toContain(phone.slice(1))
  }
  for (const cursor of text.match(/"next_cursor":"([A-Za-z0-9_-]+)"/g) ?? []) expectNoNumber(Buffer.from(cursor.split('"')[3]!, 'base64url').toString())
}

describeEachDatabase('teams, visibility and masked numbers over HTTP', (dialect) => {
  let h: Harness
  let teamA: string
  let teamB: string
  const sessions = new Map<string, { cookie: string; csrf: string; id: string }>()

  async function call(who: string, method: string, path: string, body?: unknown) {
    const session = sessions.get(who)
    const response = await fetch(`${h.url}${path}`, {
      method,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : { authorization: `Bearer ${TEST_API_KEY}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, text, body: text ? JSON.parse(text) : null }
  }

  async function signIn(email: string, role: Role): Promise<void> {
    await addOperator(h.parley.operators, { email, role, password: PASSWORD }, Date.now())
    const res = await call('key', 'POST', '/v1/session', { email, password: PASSWORD })
    expect(res.status).toBe(200)
    // A fetch answer keeps its Set-Cookie; the login above went with the key, which the session route ignores.
    const login = await fetch(`${h.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    const answer = (await login.json()) as { csrf_token: string; operator: { id: string } }
    sessions.set(email, { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: answer.csrf_token, id: answer.operator.id })
  }

  const phonesSeenBy = async (who: string, query = '') => ((await call(who, 'GET', `/v1/conversations${query}`)).body.data as Array<{ phone: string }>).map((c) => c.phone).sort()

  beforeAll(async () => {
    h = await startHarness(dialect, { worker: true })
    await signIn('ann@example.com', 'operator')
    await signIn('vic@example.com', 'viewer')
    await signIn('boss@example.com', 'admin')
    for (const phone of PHONES) await h.sandbox.userSends(phone, { text: `hello from ${phone}` })
    await eventually(async () => (await phonesSeenBy('key')).length === PHONES.length)
  })
  afterAll(async () => h?.close())

  it('adds, renames and lists teams with their response targets, refuses a taken name, and audits the changes', async () => {
    const a = await call('key', 'POST', '/v1/teams', { name: 'Admissions', first_response_sla_minutes: 30 })
    expect(a).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^team_/), name: 'Admissions', first_response_sla_minutes: 30, resolution_sla_minutes: null, member_ids: [] } })
    teamA = a.body.id
    teamB = (await call('key', 'POST', '/v1/teams', { name: 'Billing' })).body.id
    expect((await call('key', 'POST', '/v1/teams', { name: 'Billing' })).body.error.code).toBe('team_exists')
    expect((await call('key', 'PATCH', `/v1/teams/${teamA}`, { name: 'Billing' })).body.error.code).toBe('team_exists')
    expect((await call('key', 'POST', '/v1/teams', { name: 'X', first_response_sla_minutes: 0 })).status).toBe(400)
    const patched = await call('key', 'PATCH', `/v1/teams/${teamB}`, { resolution_sla_minutes: 480 })
    expect(patched.body).toMatchObject({ name: 'Billing', resolution_sla_minutes: 480 })
    expect((await call('key', 'PATCH', '/v1/teams/team_nope', { name: 'Y' })).status).toBe(404)

    const ann = sessions.get('ann@example.com')!.id
    expect((await call('key', 'PUT', `/v1/teams/${teamA}/members`, { operator_ids: [ann, 'op_nobody'] })).body.error).toMatchObject({ code: 'validation_failed', details: { unknown_operator_ids: ['op_nobody'] } })
    expect((await call('key', 'PUT', `/v1/teams/${teamA}/members`, { operator_ids: [ann] })).body.member_ids).toEqual([ann])
    const listed = await call('ann@example.com', 'GET', '/v1/operators')
    expect(listed.body.data).toContainEqual({ id: ann, name: 'ann@example.com', role: 'operator', team_ids: [teamA] })
    expect((await call('key', 'GET', '/v1/teams')).body.data.map((t: { name: string }) => t.name)).toEqual(['Admissions', 'Billing'])

    const audit = (await call('key', 'GET', '/v1/audit?limit=50')).body.data.map((e: { action: string }) => e.action)
    expect(audit).toEqual(expect.arrayContaining(['team.created', 'team.updated', 'team.members_set']))
    // Teams are an admin's: an operator may read them (for the inbox) but not change them.
    expect((await call('ann@example.com', 'POST', '/v1/teams', { name: 'Mine' })).status).toBe(403)
    expect((await call('ann@example.com', 'GET', '/v1/teams')).status).toBe(200)
  })

  it("shows an operator their teams' conversations, the unrouted ones and their own, and answers another team's as not found", async () => {
    const ann = sessions.get('ann@example.com')!.id
    const routed = await call('key', 'PUT', `/v1/conversations/${enc(IN_A)}/team`, { team_id: teamA })
    expect(routed.body, routed.text).toEqual({ phone: IN_A, team_id: teamA })
    await call('key', 'PUT', `/v1/conversations/${enc(IN_B)}/team`, { team_id: teamB })
    await call('key', 'PUT', `/v1/conversations/${enc(B_MINE)}/team`, { team_id: teamB })
    await call('key', 'PUT', `/v1/conversations/${enc(B_MINE)}/assignee`, { assignee_id: ann })
    expect((await call('key', 'PUT', `/v1/conversations/${enc(IN_A)}/team`, { team_id: 'team_nope' })).body.error.code).toBe('team_not_found')

    expect(await phonesSeenBy('ann@example.com')).toEqual([IN_A, UNROUTED, B_MINE].sort())
    expect(await phonesSeenBy('key')).toEqual([...PHONES].sort())
    expect(await phonesSeenBy('boss@example.com')).toEqual([...PHONES].sort())
    expect(await phonesSeenBy('key', `?team=${teamB}`)).toEqual([IN_B, B_MINE].sort())
    expect(await phonesSeenBy('ann@example.com', `?team=${teamB}`)).toEqual([B_MINE])
    const row = (await call('key', 'GET', '/v1/conversations')).body.data.find((c: { phone: string }) => c.phone === IN_A)
    expect(row).toMatchObject({ key: IN_A, team_id: teamA })

    // Paging through what she sees gives each of it once, in order.
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: { data: Array<{ phone: string }>; next_cursor: string | null } } = await call('ann@example.com', 'GET', `/v1/conversations?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      paged.push(...page.body.data.map((c) => c.phone))
      cursor = page.body.next_cursor
    } while (cursor)
    expect(paged.sort()).toEqual([IN_A, UNROUTED, B_MINE].sort())

    for (const [method, path, body] of [
      ['GET', `/v1/contacts/${enc(IN_B)}`],
      ['GET', `/v1/contacts/${enc(IN_B)}/messages`],
      ['POST', `/v1/conversations/${enc(IN_B)}/read`],
      ['PUT', `/v1/conversations/${enc(IN_B)}/assignee`, { assignee_id: ann }],
      ['PUT', `/v1/conversations/${enc(IN_B)}/team`, { team_id: teamA }],
      ['PUT', `/v1/contacts/${enc(IN_B)}`, { name: 'taken' }],
    ] as const) {
      const res = await call('ann@example.com', method, path, body)
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.body.error.code).toBe('not_found')
    }
    expect((await call('ann@example.com', 'GET', `/v1/contacts/${enc(B_MINE)}/messages`)).status).toBe(200)

    // Given every team, she sees them all.
    expect((await call('boss@example.com', 'PATCH', `/v1/operators/${ann}`, { sees_all_teams: true })).body).toMatchObject({ sees_all_teams: true, team_ids: [teamA] })
    expect(await phonesSeenBy('ann@example.com')).toEqual([...PHONES].sort())
    await call('boss@example.com', 'PATCH', `/v1/operators/${ann}`, { sees_all_teams: false })
    expect(await phonesSeenBy('ann@example.com')).not.toContain(IN_B)
  })

  it('masks every number a viewer is answered with, and addresses conversations by their key', async () => {
    // Given every team, so that the list has pages.
    await call('boss@example.com', 'PATCH', `/v1/operators/${sessions.get('vic@example.com')!.id}`, { sees_all_teams: true })
    const list = await call('vic@example.com', 'GET', '/v1/conversations?limit=2')
    expectNoNumber(list.text)
    expect(list.body.next_cursor).not.toBeNull()
    const first = list.body.data[0] as { key: string; phone: string }
    expect(first.key).toMatch(/^ct_/)
    expect(first.phone).toMatch(/^\+44 79\*\* \*\*\*00\d$/)
    const rest = await call('vic@example.com', 'GET', `/v1/conversations?limit=200&cursor=${list.body.next_cursor}`)
    expect(rest.body.data.length + 2).toBe(PHONES.length)

    for (const path of [`/v1/contacts/${first.key}`, `/v1/contacts/${first.key}/messages`, '/v1/operators', '/v1/teams']) {
      const res = await call('vic@example.com', 'GET', path)
      expect(res.status, path).toBe(200)
      expectNoNumber(res.text)
    }
    const contact = await call('vic@example.com', 'GET', `/v1/contacts/${first.key}`)
    expect(contact.body).toMatchObject({ key: first.key, phone: first.phone })
    // An admin with the key sees the numbers themselves.
    expect((await call('boss@example.com', 'GET', '/v1/conversations')).text).toContain(IN_A)

    // The live feed too: a new message, its status changes and assignment arrive with the number masked.
    const vic = sessions.get('vic@example.com')!
    const stop = new AbortController()
    const stream = await fetch(`${h.url}/v1/stream`, { headers: { cookie: vic.cookie }, signal: stop.signal })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    expect((await reader.read()).value).toContain('stream open')
    await h.sandbox.userSends(UNROUTED, { text: `call me back on ${UNROUTED}` })
    await call('key', 'POST', '/v1/messages', { to: UNROUTED, text: 'will do' })
    let text = ''
    const deadline = Date.now() + 10_000
    while (!(text.includes('event: message.created') && text.includes('event: message.inbound')) && Date.now() < deadline) text += (await reader.read()).value ?? ''
    stop.abort()
    expect(text).toContain('event: message.inbound')
    expect(text).toContain('+44 79** ***003')
    expectNoNumber(text)
  })
})
