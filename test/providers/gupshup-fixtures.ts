import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import type { GupshupAccount } from '../../src/providers/gupshup/gupshup-account.js'
import { gupshupKind } from '../../src/providers/gupshup/gupshup-kind.js'
import type { AccountAdapter } from '../../src/providers/provider-kind.js'
import { type LocalServer, startServer } from './local-server.js'

export const SECRET = 'callback-secret-of-the-school'
export const SENDER = { id: 'school', number: '+91 88000 12345', channel: 'whatsapp' } as const

/** A request the fake Gupshup received: path, the headers that matter, the form decoded. */
export interface SeenRequest {
  method: string
  path: string
  apikey: string | undefined
  authorization: string | undefined
  type: string | undefined
  form: Record<string, string>
}

export type Answer = (res: ServerResponse, req: IncomingMessage) => void

/** An answer of `status` with `body` as JSON, labelled with `contentType` (Gupshup says text/html for JSON, docs/platform.md §7.1). */
export const reply = (status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Answer => (res) => {
  res.writeHead(status, { 'content-type': contentType, ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body))
}

/** A Gupshup stand-in: answers by path (`answers`, set by each test), records every request. */
export interface FakeGupshup {
  url: string
  seen: SeenRequest[]
  answers: Map<string, Answer>
  close(): Promise<void>
}

export async function startFakeGupshup(): Promise<FakeGupshup> {
  const seen: SeenRequest[] = []
  const answers = new Map<string, Answer>()
  const server: LocalServer = await startServer((req, res, body) => {
    const path = new URL(req.url ?? '/', 'http://gupshup').pathname
    const header = (name: string) => req.headers[name] as string | undefined
    seen.push({ method: req.method ?? '', path, apikey: header('apikey'), authorization: header('authorization'), type: header('content-type'), form: Object.fromEntries(new URLSearchParams(body)) })
    const answer = answers.get(path)
    if (answer) answer(res, req)
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"error","message":"no such path in the test"}')
  })
  return { url: server.url, seen, answers, close: () => server.close() }
}

/** A fake Gupshup and an HTTP client for one describe block; every test starts with no request seen and no answer set. */
export function useFakeGupshup(): { readonly fake: FakeGupshup; readonly http: HttpClient } {
  const context = {} as { fake: FakeGupshup; http: HttpClient }
  beforeAll(async () => {
    context.fake = await startFakeGupshup()
    context.http = createHttpClient()
  })
  beforeEach(() => {
    context.fake.seen.length = 0
    context.fake.answers.clear()
  })
  afterAll(async () => {
    await context.http.close()
    await context.fake.close()
  })
  return context
}

/** An account on the fake, as `parley.yaml` would give it. */
export function accountOn(url: string, over: Partial<GupshupAccount> = {}): GupshupAccount {
  return gupshupKind.accountSchema.parse({ baseUrl: url, partnerBaseUrl: `${url}/partner-host`, apiKey: 'key-1', appName: 'SchoolApp', appId: 'app-uuid-1', webhookSecret: SECRET, ...over })
}

export function buildAccount(account: GupshupAccount, http: HttpClient, requestTimeoutMs = 10_000): AccountAdapter {
  return gupshupKind.createAccount(account, [SENDER], { http, webhookUrl: () => null, requestTimeoutMs })
}

const container = (parts: Record<string, unknown>) => JSON.stringify(parts)

/** The app's templates as `GET /sm/api/v1/template/list/{appName}` lists them (§7.1). */
export const LISTED_TEMPLATES = [
  {
    id: '9a4f2e61-7c3b-4d58-b0a2-e1d6c8f93b27',
    elementName: 'order_update',
    languageCode: 'en_US',
    category: 'UTILITY',
    templateType: 'TEXT',
    status: 'APPROVED',
    data: 'Hello {{1}}, your order {{2}} is on its way.',
    containerMeta: container({ data: 'Hello {{1}}, your order {{2}} is on its way.', sampleText: 'Hello Ana, your order #1234 is on its way.' }),
  },
  {
    id: '0b6c4d1e-5a2f-4e8b-9c7d-3f1a2b4c5d6e',
    elementName: 'balance_low',
    languageCode: 'en',
    category: 'UTILITY',
    templateType: 'TEXT',
    status: 'APPROVED',
    containerMeta: container({
      header: 'Balance of {{child_name}}',
      data: 'Hello {{parent_name}}, {{lessons_left}} lesson left for {{child_name}}.',
      footer: 'Kids English School',
      buttons: [{ type: 'URL', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: ['https://pay.school.example/INV-2093'] }],
      sampleText: 'Hello Anna, 1 lesson left for Max.',
      sampleHeader: 'Balance of Max',
    }),
  },
  {
    id: '7e2d9c4b-1f3a-4b6c-8d5e-9a0b1c2d3e4f',
    elementName: 'trial_finished',
    languageCode: 'en',
    category: 'MARKETING',
    templateType: 'IMAGE',
    status: 'PENDING',
    containerMeta: container({ data: 'How was the trial with {{1}}?', buttons: [{ type: 'QUICK_REPLY', text: 'Great' }, { type: 'QUICK_REPLY', text: 'Not for us' }] }),
  },
]
