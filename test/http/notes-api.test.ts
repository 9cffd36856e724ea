import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { feedHead, readFeedAfter } from '../../src/store/feed-store.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const PARENT = '+4915112347001'
const PASSWORD = 'a long enough passphrase'
const enc = encodeURIComponent

describeEachDatabase('internal notes over HTTP', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
    await addOperator(h.parley.operators, { email: 'ann.lee@example.com', name: 'Ann Lee', role: 'operator', password: PASSWORD }, Date.now())
    await addOperator(h.parley.operators, { email: 'bstone@example.com', name: 'Bob Stone', role: 'operator', password: PASSWORD }, Date.now())
    await addOperator(h.parley.operators, { email: 'view@example.com', name: 'Vera', role: 'viewer', password: PASSWORD }, Date.now())
  })
  afterAll(async () => h?.close())

  /** Logs in and calls the API as that operator would from the browser. */
  async function as(email: string) {
    const login = await fetch(`${h.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    const body = (await login.json()) as { csrf_token: string; operator: { id: string } }
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const call = async (method: string, path: string, json?: unknown) => {
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': body.csrf_token, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      })
      return { status: res.status, body: (await res.json()) as any }
    }
    return { id: body.operator.id, call }
  }

  it('stores a note with its mentions, lists it, puts note.created on the feed and audits it; nothing reaches the parent', async () => {
    await h.sandbox.userSends(PARENT, { text: 'Can we move the lesson?' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${enc(PARENT)}`)).status === 200)
    const ann = await as('ann.lee@example.com')
    const bob = await as('bstone@example.com')
    const before = await feedHead(h.db.database)
    const sentBefore = h.sandbox.accepted().length

    const posted = await ann.call('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: '@Bob please check with @carol, and @bstone too' })
    expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    expect(posted.body).toMatchObject({ phone: PARENT, author_id: ann.id, text: '@Bob please check with @carol, and @bstone too', mentions: [bob.id] })

    const later = await bob.call('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: 'On it' })
    expect(later.body.mentions).toEqual([])
    const listed = await bob.call('GET', `/v1/conversations/${enc(PARENT)}/notes`)
    expect(listed.body.data.map((n: { text: string }) => n.text)).toEqual(['On it', '@Bob please check with @carol, and @bstone too'])

    const feed = (await readFeedAfter(h.db.database, before, 50)).filter((e) => e.type === 'note.created')
    expect(feed.map((e) => e.data)).toEqual([
      expect.objectContaining({ noteId: posted.body.id, phone: PARENT, authorId: ann.id, mentions: [bob.id] }),
      expect.objectContaining({ noteId: later.body.id, mentions: [] }),
    ])
    const audit = await h.api('GET', '/v1/audit?action=note.created')
    expect(audit.body.data[1]).toMatchObject({ actor: { kind: 'operator', id: ann.id }, target: { kind: 'note', id: posted.body.id }, details: { phone: PARENT, mentions: [bob.id] } })
    // Notes are no messages: neither the platform nor the conversation's messages saw one.
    expect(h.sandbox.accepted()).toHaveLength(sentBefore)
    const messages = await h.api('GET', `/v1/contacts/${enc(PARENT)}/messages`)
    expect(messages.body.data.map((m: { text: string }) => m.text)).toEqual(['Can we move the lesson?'])
  })

  it('refuses an API key (no author), a viewer, an empty or too long note, and an unknown contact', async () => {
    const key = await h.api('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: 'from a machine' })
    expect(key).toMatchObject({ status: 403, body: { error: { code: 'forbidden', details: { reason: 'operator_only' } } } })
    expect((await h.api('GET', `/v1/conversations/${enc(PARENT)}/notes`)).status).toBe(200)

    const viewer = await as('view@example.com')
    expect((await viewer.call('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: 'hi' })).body.error.code).toBe('forbidden')
    expect((await viewer.call('GET', `/v1/conversations/${enc(PARENT)}/notes`)).status).toBe(200)

    const ann = await as('ann.lee@example.com')
    expect((await ann.call('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: '   ' })).body.error.code).toBe('validation_failed')
    expect((await ann.call('POST', `/v1/conversations/${enc(PARENT)}/notes`, { text: 'x'.repeat(4097) })).body.error.code).toBe('validation_failed')
    expect((await ann.call('POST', `/v1/conversations/${enc('+4915112347999')}/notes`, { text: 'hi' })).body.error.code).toBe('not_found')
    expect((await ann.call('GET', `/v1/conversations/${enc('+4915112347999')}/notes`)).body.error.code).toBe('not_found')
  })
})
