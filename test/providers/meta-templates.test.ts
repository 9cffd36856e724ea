import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider, createMetaTemplateManager } from '../../src/providers/meta-cloud/index.js'
import { templateCreateBody, templateEditBody } from '../../src/providers/meta-cloud/meta-template-body.js'
import { TEMPLATE_FIELDS } from '../../src/providers/meta-cloud/meta-templates.js'
import { type LocalServer, refusedPort, startServer } from './local-server.js'
import { boxPhoto, orderUpdate, pickupPoint, welcomeNamed } from './meta-template-fixtures.js'

const WABA = '102290129340398'

/** What the fake Graph answers to a request; tests set it before each call. */
type Answer = (req: IncomingMessage, res: ServerResponse, url: URL) => void
const json = (status: number, body: unknown): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
const graphError = (status: number, error: Record<string, unknown>): Answer => json(status, { error: { type: 'OAuthException', fbtrace_id: 'Ab', ...error } })

describe('Meta template manager over HTTP', () => {
  let server: LocalServer
  let http: HttpClient
  let answer: Answer
  let seen: Array<{ method?: string; path: string; query: Record<string, string>; auth?: string; type?: string; body: unknown }>
  const templates = (timeoutMs = 300) =>
    createMetaTemplateManager({ baseUrl: server.url, apiVersion: 'v23.0', wabaId: WABA, accessToken: 'tok', requestTimeoutMs: timeoutMs }, http)

  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://graph')
      seen.push({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body: body === '' ? undefined : JSON.parse(body),
      })
      answer(req, res, url)
    })
    http = createHttpClient()
  })
  beforeEach(() => {
    seen = []
  })
  afterAll(async () => {
    await http.close()
    await server.close()
  })

  describe('submit', () => {
    it('posts the create body to /{version}/{waba-id}/message_templates and keeps the category Meta chose', async () => {
      answer = json(200, { id: '594425479261596', status: 'PENDING', category: 'MARKETING' })
      expect(await templates().submit(orderUpdate)).toEqual({ kind: 'ok', value: { providerTemplateId: '594425479261596', status: 'pending', category: 'MARKETING' } })
      expect(seen).toEqual([{ method: 'POST', path: `/v23.0/${WABA}/message_templates`, query: {}, auth: 'Bearer tok', type: 'application/json', body: templateCreateBody(orderUpdate) }])
    })

    it('approved or rejected at once; a numeric id; a missing category is the submitted one', async () => {
      answer = json(200, { id: 594425479261597, status: 'APPROVED' })
      expect(await templates().submit(welcomeNamed)).toEqual({ kind: 'ok', value: { providerTemplateId: '594425479261597', status: 'approved', category: 'MARKETING' } })
      answer = json(200, { id: '594425479261598', status: 'REJECTED', category: 'UTILITY' })
      expect(await templates().submit(boxPhoto)).toMatchObject({ kind: 'ok', value: { status: 'rejected' } })
    })

    it('a duplicate name keeps code and subcode (100 / 2388024)', async () => {
      answer = graphError(400, { message: 'Invalid parameter', code: 100, error_subcode: 2388024, error_user_title: 'Message template already exists', error_user_msg: 'There is already en_US content for this template.' })
      expect(await templates().submit(orderUpdate)).toEqual({
        kind: 'refused',
        error: { code: '100', subcode: '2388024', title: 'Message template already exists', detail: 'subcode 2388024' },
      })
    })

    it('an answer without an id is retryable: the template may exist, and a second submit would say so', async () => {
      answer = json(200, { success: true })
      expect(await templates().submit(orderUpdate)).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response', detail: 'the create answer has no template id' } })
    })
  })

  describe('errors', () => {
    it.each<[string, Answer, object]>([
      ['app rate limit (4)', graphError(400, { code: 4, message: '(#4) Application request limit reached' }), { kind: 'retryable', error: { code: '4', title: 'Application request limit reached' } }],
      ['WABA rate limit (80007)', graphError(400, { code: 80007, message: '(#80007) Rate limit issues' }), { kind: 'retryable', error: { code: '80007' } }],
      ['Graph transient on a 500', graphError(500, { code: 2, message: 'Service temporarily unavailable' }), { kind: 'retryable', error: { code: '2' } }],
      ['an unknown code on a 503', graphError(503, { code: 999999, message: 'Something new' }), { kind: 'retryable', error: { code: '999999' } }],
      ['an unknown code on a 400', graphError(400, { code: 999999, message: 'Something new' }), { kind: 'refused', error: { code: '999999' } }],
      ['expired token', graphError(401, { code: 190, message: 'Error validating access token' }), { kind: 'refused', error: { code: '190' } }],
      ['missing permission', graphError(403, { code: 200, message: '(#200) Requires whatsapp_business_management permission' }), { kind: 'refused', error: { code: '200' } }],
      ['footer with a variable (2388073)', graphError(400, { code: 100, error_subcode: 2388073, message: 'Invalid parameter' }), { kind: 'refused', error: { code: '100', subcode: '2388073' } }],
      ['HTML 502 from a proxy', (_q, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'), { kind: 'retryable', error: { code: 'http_502' } }],
      ['bare 429', (_q, res) => res.writeHead(429).end(), { kind: 'retryable', error: { code: 'http_429' } }],
      ['bare 404', (_q, res) => res.writeHead(404).end(), { kind: 'refused', error: { code: 'http_404' } }],
      ['200 that is not JSON', (_q, res) => res.writeHead(200).end('ok'), { kind: 'retryable', error: { code: 'unreadable_response' } }],
      ['no answer in time', () => undefined, { kind: 'retryable', error: { code: 'no_answer' } }],
    ])('%s', async (_name, next, expected) => {
      answer = next
      expect(await templates().submit(orderUpdate)).toMatchObject(expected)
      expect(await templates().list()).toMatchObject(expected)
    })

    it('a refused connection is retryable', async () => {
      const refused = createMetaTemplateManager({ baseUrl: `http://127.0.0.1:${await refusedPort()}`, apiVersion: 'v23.0', wabaId: WABA, accessToken: 't', requestTimeoutMs: 300 }, http)
      expect(await refused.remove('order_update')).toMatchObject({ kind: 'retryable', error: { code: 'network_error', detail: expect.stringMatching(/ECONNREFUSED/) } })
    })
  })

  describe('edit', () => {
    it('posts category and components to /{version}/{template-id}; the template is back in review', async () => {
      answer = json(200, { success: true })
      expect(await templates().edit('594425479261596', orderUpdate)).toEqual({ kind: 'ok', value: { providerTemplateId: '594425479261596', status: 'pending', category: 'UTILITY' } })
      expect(seen).toEqual([{ method: 'POST', path: '/v23.0/594425479261596', query: {}, auth: 'Bearer tok', type: 'application/json', body: templateEditBody(orderUpdate) }])
    })

    it('uses what the answer says when it says more; success: false is a refusal', async () => {
      answer = json(200, { success: true, id: '594425479261596', status: 'APPROVED', category: 'MARKETING' })
      expect(await templates().edit('594425479261596', orderUpdate)).toMatchObject({ kind: 'ok', value: { status: 'approved', category: 'MARKETING' } })
      answer = json(200, { success: false })
      expect(await templates().edit('594425479261596', orderUpdate)).toMatchObject({ kind: 'refused', error: { code: 'unsuccessful' } })
    })

    it('editing an approved template too often is refused with Meta\'s code', async () => {
      answer = graphError(400, { code: 100, error_subcode: 2388025, message: 'Invalid parameter', error_user_title: 'Edit limit reached' })
      expect(await templates().edit('594425479261596', orderUpdate)).toMatchObject({ kind: 'refused', error: { code: '100', subcode: '2388025', title: 'Edit limit reached' } })
    })
  })

  describe('list', () => {
    const listed = (id: string, definition: typeof orderUpdate, over: Record<string, unknown> = {}) => ({ id, status: 'APPROVED', ...templateCreateBody(definition), ...over })
    /** Three pages keyed by cursor; `next` names Graph's public host, as Meta writes it. */
    const pages: Record<string, { data: unknown[]; after: string | null }> = {
      first: { data: [listed('1', orderUpdate, { quality_score: { score: 'GREEN', date: 1750000000 } }), listed('2', welcomeNamed, { status: 'PAUSED' })], after: 'QVFIUm1' },
      QVFIUm1: { data: [listed('3', boxPhoto, { status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' })], after: 'QVFIUm2' },
      QVFIUm2: { data: [listed('4', pickupPoint, { status: 'PENDING_DELETION', rejected_reason: 'NONE' })], after: null },
    }
    const pagedGraph: Answer = (req, res, url) => {
      const page = pages[url.searchParams.get('after') ?? 'first']
      if (!page) return json(400, { error: { code: 100, message: 'bad cursor' } })(req, res, url)
      const paging = { cursors: { before: 'QVFIUm0', after: page.after ?? 'QVFIUmEnd' }, ...(page.after ? { next: `https://graph.facebook.com/v23.0/${WABA}/message_templates?limit=100&after=${page.after}` } : {}) }
      json(200, { data: page.data, paging })(req, res, url)
    }

    it('follows the cursors across three pages, on the configured origin, until there is no next', async () => {
      answer = pagedGraph
      const result = await templates().list()
      expect(result.kind).toBe('ok')
      if (result.kind !== 'ok') return
      expect(result.value.map((t) => [t.providerTemplateId, t.definition.name, t.status, t.providerStatus, t.rejectedReason, t.quality])).toEqual([
        ['1', 'order_update', 'approved', 'APPROVED', null, 'GREEN'],
        ['2', 'welcome_named', 'paused', 'PAUSED', null, null],
        ['3', 'box_photo', 'rejected', 'REJECTED', 'INVALID_FORMAT', null],
        ['4', 'pickup_point', 'deleted', 'PENDING_DELETION', null, null],
      ])
      expect(result.value[1]!.definition).toEqual(welcomeNamed)
      const fields = { fields: TEMPLATE_FIELDS, limit: '100' }
      expect(seen.map((r) => [r.method, r.path, r.query, r.auth])).toEqual([
        ['GET', `/v23.0/${WABA}/message_templates`, fields, 'Bearer tok'],
        ['GET', `/v23.0/${WABA}/message_templates`, { ...fields, after: 'QVFIUm1' }, 'Bearer tok'],
        ['GET', `/v23.0/${WABA}/message_templates`, { ...fields, after: 'QVFIUm2' }, 'Bearer tok'],
      ])
    })

    it('an empty account is one call', async () => {
      answer = json(200, { data: [], paging: { cursors: {} } })
      expect(await templates().list()).toEqual({ kind: 'ok', value: [] })
      expect(seen).toHaveLength(1)
    })

    it('a failure on page 2 fails the whole list: a partial list would read as deletions', async () => {
      answer = (req, res, url) => (url.searchParams.has('after') ? graphError(500, { code: 1, message: 'An unknown error occurred' }) : pagedGraph)(req, res, url)
      expect(await templates().list()).toMatchObject({ kind: 'retryable', error: { code: '1' } })
    })

    it('one unreadable template fails the list, naming it', async () => {
      answer = json(200, { data: [listed('1', orderUpdate), { id: '2', name: 'legacy', language: 'en', status: 'APPROVED', category: 'ALERT_UPDATE' }] })
      expect(await templates().list()).toMatchObject({ kind: 'refused', error: { code: 'unreadable_response', detail: expect.stringMatching(/template 2 \(legacy\/en\) has category "ALERT_UPDATE"/) } })
    })

    it('a page that is not a page is retryable; a cursor that repeats ends the loop', async () => {
      answer = json(200, { templates: [] })
      expect(await templates().list()).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response' } })
      answer = json(200, { data: [], paging: { cursors: { after: 'SAME' }, next: 'https://graph.facebook.com/next' } })
      expect(await templates().list()).toMatchObject({ kind: 'refused', error: { code: 'unreadable_response', detail: expect.stringMatching(/paging did not end/) } })
      // One call for the odd page; then the first page and one with after=SAME, whose successor repeats it.
      expect(seen).toHaveLength(1 + 2)
    })

    it('without a cursor, next is followed on the configured origin only', async () => {
      answer = (req, res, url) => json(200, url.searchParams.has('page2') ? { data: [listed('9', pickupPoint)] } : { data: [], paging: { next: `${server.url}/v23.0/${WABA}/message_templates?page2=1` } })(req, res, url)
      expect(await templates().list()).toMatchObject({ kind: 'ok', value: [{ providerTemplateId: '9' }] })
      answer = json(200, { data: [], paging: { next: 'https://elsewhere.example/steal?page=2' } })
      expect(await templates().list()).toMatchObject({ kind: 'refused', error: { detail: expect.stringMatching(/away from the configured Graph origin/) } })
    })
  })

  describe('remove', () => {
    it('by name: every language; by name and id: one', async () => {
      answer = json(200, { success: true })
      expect(await templates().remove('order_update')).toEqual({ kind: 'ok', value: null })
      expect(await templates().remove('order update&x', '594425479261596')).toEqual({ kind: 'ok', value: null })
      expect(seen.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
        ['DELETE', `/v23.0/${WABA}/message_templates`, { name: 'order_update' }, undefined],
        ['DELETE', `/v23.0/${WABA}/message_templates`, { name: 'order update&x', hsm_id: '594425479261596' }, undefined],
      ])
    })

    it('a disabled template cannot be deleted: Meta\'s refusal is kept', async () => {
      answer = graphError(400, { code: 100, message: 'Invalid parameter', error_user_title: 'Template cannot be deleted' })
      expect(await templates().remove('order_update', '1')).toMatchObject({ kind: 'refused', error: { code: '100', title: 'Template cannot be deleted' } })
    })
  })

  it('the provider carries a template manager only when the config names the WABA', async () => {
    const config = { baseUrl: server.url, apiVersion: 'v23.0', phoneNumberId: '100000000000002', accessToken: 'tok', appSecret: 's', verifyToken: 'v' }
    expect(createMetaCloudProvider(config, http)).not.toHaveProperty('templates')
    const provider = createMetaCloudProvider({ ...config, wabaId: WABA }, http)
    answer = json(200, { data: [] })
    expect(await provider.templates.list()).toEqual({ kind: 'ok', value: [] })
    expect(seen[0]?.path).toBe(`/v23.0/${WABA}/message_templates`)
  })
})
