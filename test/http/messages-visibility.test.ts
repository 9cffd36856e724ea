import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const PASSWORD = 'correct horse battery'
const IN_A = '+447911124001'
const IN_B = '+447911124002'
const NEW_NUMBER = '+447911124009'
const template = { name: 'hello_world', language: 'en_US' }
const enc = encodeURIComponent

describeEachDatabase("messages routes and another team's conversations", (dialect) => {
  let h: Harness
  const sessions = new Map<string, { cookie: string; csrf: string; id: string }>()
  let messageOfB: string
  let messageOfA: string

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

  async function signIn(email: string, role: Role): Promise<string> {
    await addOperator(h.parley.operators, { email, role, password: PASSWORD }, Date.now())
    const login = await fetch(`${h.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    const answer = (await login.json()) as { csrf_token: string; operator: { id: string } }
    sessions.set(email, { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: answer.csrf_token, id: answer.operator.id })
    return answer.operator.id
  }

  const firstMessageOf = async (phone: string): Promise<string | undefined> => ((await call('key', 'GET', `/v1/contacts/${enc(phone)}/messages`)).body?.data as Array<{ id: string }> | undefined)?.[0]?.id

  beforeAll(async () => {
    h = await startHarness(dialect, { worker: true })
    const ann = await signIn('ann@example.com', 'operator')
    await signIn('boss@example.com', 'admin')
    for (const phone of [IN_A, IN_B]) await h.sandbox.userSends(phone, { text: `hello from ${phone}` })
    await eventually(async () => (await firstMessageOf(IN_A)) !== undefined && (await firstMessageOf(IN_B)) !== undefined)
    messageOfA = (await firstMessageOf(IN_A))!
    messageOfB = (await firstMessageOf(IN_B))!
    const teamA = (await call('key', 'POST', '/v1/teams', { name: 'Admissions' })).body.id
    const teamB = (await call('key', 'POST', '/v1/teams', { name: 'Billing' })).body.id
    await call('key', 'PUT', `/v1/teams/${teamA}/members`, { operator_ids: [ann] })
    expect((await call('key', 'PUT', `/v1/conversations/${enc(IN_A)}/team`, { team_id: teamA })).status).toBe(200)
    expect((await call('key', 'PUT', `/v1/conversations/${enc(IN_B)}/team`, { team_id: teamB })).status).toBe(200)
  })
  afterAll(async () => h?.close())

  it("answers another team's message by id as an unknown one, to an operator only", async () => {
    const hidden = await call('ann@example.com', 'GET', `/v1/messages/${messageOfB}`)
    const unknown = await call('ann@example.com', 'GET', '/v1/messages/msg_nope')
    expect(hidden.status).toBe(404)
    expect(hidden.body.error.code).toBe('not_found')
    expect(unknown.body.error.code).toBe(hidden.body.error.code)
    expect(hidden.text).not.toContain(IN_B)
    expect((await call('ann@example.com', 'GET', `/v1/messages/${messageOfA}`)).status).toBe(200)
    expect((await call('boss@example.com', 'GET', `/v1/messages/${messageOfB}`)).status).toBe(200)
    expect((await call('key', 'GET', `/v1/messages/${messageOfB}`)).body).toMatchObject({ id: messageOfB })
  })

  it("refuses an operator's send to another team's conversation as not found, and sends to their own and to a new number", async () => {
    const refused = await call('ann@example.com', 'POST', '/v1/messages', { to: IN_B, text: 'hi' })
    expect(refused.status, refused.text).toBe(404)
    expect(refused.body.error.code).toBe('not_found')
    expect((await call('ann@example.com', 'POST', '/v1/messages', { to: IN_A, text: 'hi' })).status).toBe(202)
    expect((await call('ann@example.com', 'POST', '/v1/messages', { to: NEW_NUMBER, template })).status).toBe(202)
    expect((await call('boss@example.com', 'POST', '/v1/messages', { to: IN_B, text: 'from the admin' })).status).toBe(202)
    expect((await call('key', 'POST', '/v1/messages', { to: IN_B, text: 'from a machine' })).status).toBe(202)
  })

  it("refuses, in a batch, only the items to another team's conversation", async () => {
    const batch = await call('ann@example.com', 'POST', '/v1/messages/batch', { messages: [{ to: IN_A, text: 'one' }, { to: IN_B, text: 'two' }, { to: NEW_NUMBER, template }] })
    expect(batch.status, batch.text).toBe(202)
    expect(batch.body).toMatchObject({ accepted: 2, rejected: 1 })
    expect(batch.body.results[0]).toMatchObject({ index: 0, id: expect.any(String) })
    expect(batch.body.results[1]).toMatchObject({ index: 1, error: { code: 'not_found' } })
    expect(batch.body.results[2]).toMatchObject({ index: 2, id: expect.any(String) })
    const byKey = await call('key', 'POST', '/v1/messages/batch', { messages: [{ to: IN_B, text: 'two' }] })
    expect(byKey.body).toMatchObject({ accepted: 1, rejected: 0 })
  })
})
