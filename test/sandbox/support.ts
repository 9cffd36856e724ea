import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  DEMO_TEMPLATES, sandboxOptions, startSandbox, type DeepPartial, type Sandbox, type SandboxOptions, type TemplateDefinition,
} from '../../src/sandbox/index.js'

/** One webhook POST as the receiver got it: raw bytes (as text) and the parsed body. */
export interface ReceivedPost {
  headers: IncomingHttpHeaders
  raw: string
  // Webhook bodies are asserted field by field in tests.
  body: any
  answeredWith: number
}

/** A tiny webhook target on a real socket: records every POST, answers GETs like a gateway's handshake. */
export interface Receiver {
  url: string
  posts: ReceivedPost[]
  /** Status to answer the n-th POST (0-based) with; 200 by default. */
  answer: (n: number) => number
  verifyToken: string
  close(): Promise<void>
}

export async function startReceiver(verifyToken = 'sandbox-verify-token'): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    posts: [],
    answer: () => 200,
    verifyToken,
    close: async () => undefined,
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method === 'GET') {
        // docs/platform.md §2.1: echo hub.challenge when mode and token match.
        const q = new URL(req.url ?? '/', 'http://x').searchParams
        if (q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === receiver.verifyToken) res.writeHead(200).end(q.get('hub.challenge'))
        else res.writeHead(403).end()
        return
      }
      const raw = Buffer.concat(chunks).toString('utf8')
      const status = receiver.answer(receiver.posts.length)
      receiver.posts.push({ headers: req.headers, raw, body: JSON.parse(raw), answeredWith: status })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return receiver
}

export const PHONE_NUMBER_ID = '100000000000002'
export const WABA_ID = '100000000000001'
export const TOKEN = 'sandbox-access-token'

/** An approved MARKETING template without variables, for pricing and US-marketing tests. */
export const PROMO_TEMPLATE: TemplateDefinition = {
  name: 'promo_summer',
  language: 'en_US',
  category: 'MARKETING',
  components: [{ type: 'BODY', text: 'Our summer sale starts today: everything in the shop is 20% off until Sunday.' }],
}

/** The own templates of a test sandbox: the defaults plus {@link PROMO_TEMPLATE}. */
export const TEST_TEMPLATES: TemplateDefinition[] = [...DEMO_TEMPLATES, PROMO_TEMPLATE]

/** A sandbox with fast statuses and reviews, posting to `receiver`. */
export async function startFast(receiver: Receiver | null, overrides: DeepPartial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox(
    sandboxOptions({
      webhookUrl: receiver?.url ?? null,
      // Gaps of 15 ms keep the arrival order of one message's statuses stable on a busy machine.
      statusDelaysMs: { sent: 5, delivered: 20, read: 35 },
      webhookRetry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 40 },
      templates: TEST_TEMPLATES,
      templateReview: { delayMs: 20 },
      ...overrides,
    }),
  )
}

export interface CallResult {
  status: number
  raw: string
  body: any
  headers: Headers
}

/** POSTs to the Cloud API messages endpoint with the sandbox's token unless told otherwise. */
export async function callMessages(
  sandbox: Sandbox,
  body: unknown,
  opts: { token?: string | null; phoneNumberId?: string; version?: string; raw?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const token = opts.token === undefined ? TOKEN : opts.token
  if (token !== null) headers.authorization = `Bearer ${token}`
  const res = await fetch(`${sandbox.url}/${opts.version ?? 'v23.0'}/${opts.phoneNumberId ?? PHONE_NUMBER_ID}/messages`, {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(body),
  })
  const raw = await res.text()
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : undefined, headers: res.headers }
}

export function text(to: string, body = 'Hello', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body }, ...extra }
}

/** A send of an approved template without variables (Meta's `hello_world` unless named). */
export function template(to: string, name = 'hello_world', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: 'en_US' } }, ...extra }
}

/** Every status object in the received POSTs, in arrival order. */
export function statusesOf(receiver: Receiver, wamid?: string): any[] {
  return receiver.posts
    .flatMap((p) => p.body.entry.flatMap((e: { changes: Array<{ value: { statuses?: unknown[] } }> }) => e.changes.flatMap((c) => c.value.statuses ?? [])))
    .filter((s: { id: string }) => wamid === undefined || s.id === wamid)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs` (generous: a loaded machine is slow). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

/** A `random` that returns the scripted values in turn, then `rest`. */
export function scripted(values: number[], rest = 0.99): () => number {
  let i = 0
  return () => (i < values.length ? values[i++]! : rest)
}

/** A Graph call (template management) with the sandbox's token unless told otherwise; `form` sends form-encoded parameters. */
export async function graph(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; form?: boolean } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {}
  const token = opts.token === undefined ? TOKEN : opts.token
  if (token !== null) headers.authorization = `Bearer ${token}`
  let payload: string | undefined
  if (body !== undefined && opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    const pairs = Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    payload = new URLSearchParams(pairs).toString()
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const url = path.startsWith('http') ? path : `${sandbox.url}/v23.0/${path.replace(/^\//, '')}`
  const res = await fetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) })
  const raw = await res.text()
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : undefined, headers: res.headers }
}

/** `POST /{waba-id}/message_templates`. */
export function createTemplate(sandbox: Sandbox, definition: unknown): Promise<CallResult> {
  return graph(sandbox, 'POST', `${WABA_ID}/message_templates`, definition)
}

/** A minimal valid UTILITY template definition; `overrides` replace top-level fields. */
export function utilityTemplate(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hi {{1}}, your appointment on {{2}} is confirmed. See you then!', example: { body_text: [['Ana', 'Friday']] } }],
    ...overrides,
  }
}

/** Every account-level change (template webhooks) in the received POSTs, in arrival order: `{field, value, time, post}`. */
export function accountChanges(receiver: Receiver, field?: string): Array<{ field: string; value: any; time: number; post: ReceivedPost }> {
  return receiver.posts
    .flatMap((post) => post.body.entry.flatMap((e: any) => e.changes.map((c: any) => ({ field: c.field, value: c.value, time: e.time, post }))))
    .filter((c: { field: string }) => c.field !== 'messages' && (field === undefined || c.field === field))
}

export function signatureOk(raw: string, header: string | undefined, secret = 'sandbox-app-secret'): boolean {
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(Buffer.from(raw, 'utf8')).digest('hex'))
  const got = Buffer.from(header ?? '')
  return got.length === expected.length && timingSafeEqual(got, expected)
}
