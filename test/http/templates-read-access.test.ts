import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, type Harness } from '../support/harness.js'
import { INSTANT_APPROVAL } from '../support/templates.js'

const PASSWORD = 'a long enough passphrase'

// A draft whose variable ends the body: lint's body.variable-at-edge error, with its rule's source.
const DRAFT = { name: 'fee_due', language: 'en', category: 'UTILITY', body: 'Hello, the fee for this month is due on {{1}}', examples: { '1': 'Friday' } }

describeEachDatabase('the templates page’s reads', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, sandbox: { templateReview: INSTANT_APPROVAL } as never })
    for (const role of ['operator', 'viewer'] as Role[]) await addOperator(h.parley.operators, { email: `${role}@example.com`, role, password: PASSWORD }, Date.now())
    expect((await h.api('POST', '/v1/templates', DRAFT)).status).toBe(201)
  })
  afterAll(async () => h?.close())

  async function logIn(email: string): Promise<{ cookie: string; csrf: string }> {
    const response = await fetch(`${h.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { csrf_token: string }
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrf_token }
  }

  async function asOperator(session: { cookie: string; csrf: string }, method: string, path: string) {
    const response = await fetch(`${h.url}${path}`, { method, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } })
    return { status: response.status, body: (await response.json()) as any }
  }

  it('lets a viewer read the templates, their languages and one template, and refuses a viewer the changes', async () => {
    const viewer = await logIn('viewer@example.com')
    const listed = await asOperator(viewer, 'GET', '/v1/templates?origin=all')
    expect(listed.status).toBe(200)
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['fee_due', 'hello_world']))
    expect((await asOperator(viewer, 'GET', '/v1/templates/languages')).body.families).toContainEqual(expect.objectContaining({ name: 'fee_due', languages: expect.objectContaining({ en: 'draft' }) }))
    expect((await asOperator(viewer, 'GET', '/v1/templates/fee_due/en')).body).toMatchObject({ name: 'fee_due', status: 'draft', history: [{ kind: 'saved' }] })

    for (const [method, path] of [['POST', '/v1/templates/sync'], ['POST', '/v1/templates/fee_due/en/submit']] as const) {
      const refused = await asOperator(viewer, method, path)
      expect(refused.status, path).toBe(403)
      expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { required_scope: 'templates', role: 'viewer' } })
    }
    // An operator's role holds `templates`: the sync goes through.
    expect((await asOperator(await logIn('operator@example.com'), 'POST', '/v1/templates/sync')).status).toBe(200)
  })

  it('lets a key with messages:read read templates, naming both scopes when a key has neither', async () => {
    const create = async (scopes: string[]) => (await h.api('POST', '/v1/keys', { name: scopes.join('+'), scopes })).body.secret as string
    const reader = await create(['messages:read'])
    const list = await fetch(`${h.url}/v1/templates`, { headers: { authorization: `Bearer ${reader}` } })
    expect(list.status).toBe(200)
    const writes = await fetch(`${h.url}/v1/templates/sync`, { method: 'POST', headers: { authorization: `Bearer ${reader}` } })
    expect(writes.status).toBe(403)

    const events = await create(['events'])
    const refused = await fetch(`${h.url}/v1/templates/fee_due/en`, { headers: { authorization: `Bearer ${events}` } })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as any).error).toMatchObject({
      message: expect.stringContaining('"templates" (or "messages:read")'),
      details: { required_scope: 'templates', accepted_scopes: ['templates', 'messages:read'] },
    })
  })

  it("gives each lint finding its rule's summary and source", async () => {
    const stored = await h.api('GET', '/v1/templates/fee_due/en')
    expect(stored.body.lint).toContainEqual(
      expect.objectContaining({ rule: 'body.variable-at-edge', severity: 'error', summary: expect.any(String), source: expect.stringMatching(/§/) }),
    )
    const linted = await h.api('POST', '/v1/templates/lint', DRAFT)
    const finding = linted.body.findings.find((f: { rule: string }) => f.rule === 'body.variable-at-edge')
    expect(finding).toEqual(stored.body.lint.find((f: { rule: string }) => f.rule === 'body.variable-at-edge'))
  })

  it('lists the alternatives in the OpenAPI security requirement', async () => {
    const document = (await h.api('GET', '/openapi.json')).body
    expect(document.paths['/v1/templates'].get.security).toEqual([{ bearer: ['templates'] }, { bearer: ['messages:read'] }, { session: [] }])
    expect(document.paths['/v1/templates/sync'].post.security).toEqual([{ bearer: ['templates'] }, { session: [] }])
  })
})
