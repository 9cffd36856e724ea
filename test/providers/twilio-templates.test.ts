import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { TemplateManager } from '../../src/core/providers/templates.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { twilioKind } from '../../src/providers/twilio/twilio-kind.js'
import { type LocalServer, startServer } from './local-server.js'

/* The template manager against a local stand-in for the Content API (docs/platform.md §7.2), over real HTTP. */
interface Call {
  method: string
  path: string
  body: unknown
}

const SID = 'AC0123456789abcdef0123456789abcdef'
let server: LocalServer
let http: HttpClient
let calls: Call[] = []
let pages: unknown[][] = []
let approvalAnswer: { status: number; body: unknown } = { status: 201, body: {} }
let nextSid = 0

const definition = (over: Partial<TemplateDefinition> = {}): TemplateDefinition => ({
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text: 'Hello {{1}}, your lesson starts at {{2}} today.', examples: { '1': 'Ana', '2': '15:00' } },
  footer: null,
  buttons: [],
  ...over,
})

beforeAll(async () => {
  server = await startServer((req: IncomingMessage, res: ServerResponse, raw: string) => {
    const call = { method: req.method ?? '', path: req.url ?? '', body: raw ? (JSON.parse(raw) as unknown) : undefined }
    calls.push(call)
    const json = (status: number, body?: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body))
    if (call.method === 'POST' && call.path === '/content/v1/Content') return json(201, { sid: `HX${String(++nextSid).padStart(32, '0')}`, ...(call.body as object) })
    if (call.method === 'POST' && call.path.endsWith('/ApprovalRequests/whatsapp')) return json(approvalAnswer.status, approvalAnswer.body)
    if (call.method === 'DELETE') return json(204)
    const page = /PageToken=p(\d+)/.exec(call.path)?.[1]
    const index = page === undefined ? 0 : Number(page)
    // Twilio's next_page_url names its public host; the adapter must fetch it from the configured origin.
    const next = index + 1 < pages.length ? `https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&PageToken=p${index + 1}` : null
    return json(200, { contents: pages[index] ?? [], meta: { page: index, page_size: 500, next_page_url: next, key: 'contents' } })
  })
  http = createHttpClient()
})

afterAll(async () => {
  await http.close()
  await server.close()
})

beforeEach(() => {
  calls = []
  pages = []
  approvalAnswer = { status: 201, body: { name: 'lesson_reminder', category: 'UTILITY', content_type: 'twilio/text', status: 'received', rejection_reason: '' } }
})

function templates(): TemplateManager {
  const settings = twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'token', baseUrl: `${server.url}/api`, contentBaseUrl: `${server.url}/content` })
  const account = twilioKind.createAccount(settings, [{ id: 'wa', number: '+15550001237', channel: 'whatsapp' }], { http, webhookUrl: () => null, requestTimeoutMs: 2000 })
  return account.templates!
}

describe('Twilio templates: submit', () => {
  it('creates twilio/text content with the examples as variables, then asks WhatsApp to approve it by name and category', async () => {
    const outcome = await templates().submit(definition())
    expect(outcome).toEqual({ kind: 'ok', value: { providerTemplateId: `HX${String(nextSid).padStart(32, '0')}`, status: 'submitted', category: 'UTILITY' } })
    expect(calls.map((c) => `${c.method} ${c.path.replace(/HX\d+/, 'HX…')}`)).toEqual(['POST /content/v1/Content', 'POST /content/v1/Content/HX…/ApprovalRequests/whatsapp'])
    expect(calls[0]!.body).toEqual({
      friendly_name: 'lesson_reminder',
      language: 'en',
      variables: { '1': 'Ana', '2': '15:00' },
      types: { 'twilio/text': { body: 'Hello {{1}}, your lesson starts at {{2}} today.' } },
    })
    expect(calls[1]!.body).toEqual({ name: 'lesson_reminder', category: 'UTILITY' })
  })

  it('a media header becomes twilio/media with its sample file', async () => {
    await templates().submit(definition({ header: { format: 'image', example: 'https://files.example/poster.jpg' } }))
    expect((calls[0]!.body as { types: unknown }).types).toEqual({ 'twilio/media': { body: 'Hello {{1}}, your lesson starts at {{2}} today.', media: ['https://files.example/poster.jpg'] } })
  })

  it('the category WhatsApp filed it under wins', async () => {
    approvalAnswer = { status: 201, body: { status: 'pending', category: 'MARKETING' } }
    expect(await templates().submit(definition())).toMatchObject({ kind: 'ok', value: { status: 'pending', category: 'MARKETING' } })
  })

  it('what twilio/text and twilio/media cannot hold is refused before any call', async () => {
    for (const over of [{ footer: 'Reply STOP to opt out' }, { buttons: [{ type: 'quick_reply' as const, text: 'Yes' }] }, { header: { format: 'text' as const, text: 'Hi', examples: {} } }]) {
      expect(await templates().submit(definition(over))).toMatchObject({ kind: 'refused', error: { code: 'template_unsupported' } })
    }
    expect(calls).toEqual([])
  })

  it('a refused approval deletes the content it created and reports Twilio’s refusal', async () => {
    approvalAnswer = { status: 400, body: { code: 20001, message: 'Invalid name', more_info: '', status: 400 } }
    expect(await templates().submit(definition())).toMatchObject({ kind: 'refused', error: { code: '20001', title: 'Invalid name' } })
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: expect.stringMatching(/^\/content\/v1\/Content\/HX\d+$/) })
  })

  it('edits are refused: Twilio cannot edit content submitted to WhatsApp', async () => {
    expect(await templates().edit('HX1', definition())).toMatchObject({ kind: 'refused', error: { code: 'edit_unsupported' } })
  })
})

const item = (sid: string, name: string, status: string, over: Record<string, unknown> = {}) => ({
  sid,
  account_sid: SID,
  friendly_name: name,
  language: 'en',
  variables: { '1': 'Ana', '2': '15:00' },
  types: { 'twilio/text': { body: 'Hello {{1}}, your lesson starts at {{2}} today.' } },
  approval_requests: { name, category: 'TRANSACTIONAL', status, rejection_reason: status === 'rejected' ? 'INVALID_FORMAT' : '' },
  ...over,
})

describe('Twilio templates: list and remove', () => {
  it('lists every page from the configured origin, leaves out content WhatsApp never saw, reads statuses and old categories', async () => {
    pages = [
      [item('HX01', 'lesson_reminder', 'approved'), item('HX02', 'sms_only', 'unsubmitted')],
      [item('HX03', 'payment_due', 'rejected'), item('HX04', 'poster', 'received', { types: { 'twilio/media': { body: 'See {{1}}', media: ['https://files.example/p.png'] } }, variables: { '1': 'this' } })],
    ]
    const listed = await templates().list()
    expect(calls.map((c) => c.path)).toEqual(['/content/v1/ContentAndApprovals?PageSize=500', '/content/v1/ContentAndApprovals?PageSize=500&PageToken=p1'])
    if (listed.kind !== 'ok') throw new Error(JSON.stringify(listed))
    expect(listed.value.map((t) => [t.providerTemplateId, t.status, t.providerStatus, t.rejectedReason])).toEqual([
      ['HX01', 'approved', 'approved', null],
      ['HX03', 'rejected', 'rejected', 'INVALID_FORMAT'],
      ['HX04', 'submitted', 'received', null],
    ])
    expect(listed.value[0]!.definition).toEqual(definition({ category: 'UTILITY' }))
    expect(listed.value[2]!.definition).toMatchObject({ header: { format: 'image', example: 'https://files.example/p.png' }, body: { text: 'See {{1}}', examples: { '1': 'this' } } })
  })

  it('a quick-reply content lists with its buttons; named variables make it named', async () => {
    pages = [[item('HX05', 'confirm', 'approved', { variables: { child: 'Ana' }, types: { 'twilio/quick-reply': { body: 'Is {{child}} coming?', actions: [{ title: 'Yes', id: 'yes' }, { title: 'No', id: 'no' }] } } })]]
    const listed = await templates().list()
    expect(listed).toMatchObject({ kind: 'ok', value: [{ definition: { parameterFormat: 'named', body: { examples: { child: 'Ana' } }, buttons: [{ type: 'quick_reply', text: 'Yes' }, { type: 'quick_reply', text: 'No' }] } }] })
  })

  it('removes one content by sid, or every language of a name', async () => {
    expect(await templates().remove('lesson_reminder', 'HX01')).toEqual({ kind: 'ok', value: null })
    expect(calls).toEqual([{ method: 'DELETE', path: '/content/v1/Content/HX01', body: undefined }])
    calls = []
    pages = [[item('HX01', 'lesson_reminder', 'approved'), { ...item('HX06', 'lesson_reminder', 'approved'), language: 'tr' }, item('HX07', 'other', 'approved')]]
    expect(await templates().remove('lesson_reminder')).toEqual({ kind: 'ok', value: null })
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/content/v1/Content/HX01', '/content/v1/Content/HX06'])
  })

  it('a page of another shape is retryable trouble, not an empty account', async () => {
    pages = [[{ no: 'sid' }]]
    expect(await templates().list()).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response' } })
  })
})
