import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A callback target on a real socket for the provider flavours' tests: records every POST with the
 * full URL it was posted to (query string included), its headers and raw body, parsed as a form or
 * as JSON by its content type.
 */
export interface Callback {
  /** `http://127.0.0.1:<port>` + the request's path and query, as a receiver reconstructs it. */
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  raw: string
  /** Form parameters (form-encoded bodies), else null. */
  form: URLSearchParams | null
  // JSON bodies are asserted field by field.
  json: any
}

export interface CallbackReceiver {
  /** Base URL, e.g. http://127.0.0.1:41234 (no path). */
  origin: string
  posts: Callback[]
  /** Status to answer the n-th POST with (0-based); 200 by default. */
  answer: (n: number) => number
  close(): Promise<void>
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const receiver: CallbackReceiver = { origin: '', posts: [], answer: () => 200, close: async () => undefined }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const url = receiver.origin + (req.url ?? '/')
      const parsed = new URL(url)
      const type = req.headers['content-type'] ?? ''
      const status = receiver.answer(receiver.posts.length)
      receiver.posts.push({
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        raw,
        form: type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(raw) : null,
        json: type.startsWith('application/json') ? JSON.parse(raw) : undefined,
      })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return receiver
}

/**
 * Checks `X-Twilio-Signature` the way a receiver must (docs/platform.md §7.2), written here from the
 * documentation rather than taken from the sandbox: HMAC-SHA1 with the auth token over the full URL
 * followed by each POST parameter's name and value, sorted by name, base64, compared in constant time.
 */
export function twilioSignatureOk(c: Callback, authToken = 'sandbox-twilio-auth-token'): boolean {
  const header = c.headers['x-twilio-signature']
  if (typeof header !== 'string' || c.form === null) return false
  const names = [...new Set(c.form.keys())].sort()
  let data = c.url
  for (const name of names) for (const value of c.form.getAll(name)) data += name + value
  const expected = Buffer.from(createHmac('sha1', authToken).update(data, 'utf8').digest('base64'))
  const got = Buffer.from(header)
  return got.length === expected.length && timingSafeEqual(got, expected)
}

/** Basic auth for the sandbox's Twilio account unless told otherwise. */
export function twilioAuth(user = 'AC00000000000000000000000000000001', token = 'sandbox-twilio-auth-token'): string {
  return 'Basic ' + Buffer.from(`${user}:${token}`).toString('base64')
}

export interface Answer {
  status: number
  // Provider answers are asserted field by field.
  body: any
}

/** A form POST to Twilio's Messages.json on the sandbox. */
export async function twilioSend(sandboxUrl: string, params: Record<string, string | string[]>, opts: { auth?: string | null; account?: string } = {}): Promise<Answer> {
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value)
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  const auth = opts.auth === undefined ? twilioAuth() : opts.auth
  if (auth !== null) headers.authorization = auth
  const res = await fetch(`${sandboxUrl}/twilio/2010-04-01/Accounts/${opts.account ?? 'AC00000000000000000000000000000001'}/Messages.json`, {
    method: 'POST',
    headers,
    body: form.toString(),
  })
  const raw = await res.text()
  return { status: res.status, body: raw ? JSON.parse(raw) : undefined }
}

/** A JSON call to the sandbox's Twilio Content API. */
export async function contentApi(sandboxUrl: string, method: string, path: string, body?: unknown, auth: string | null = twilioAuth()): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (auth !== null) headers.authorization = auth
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${sandboxUrl}/twilio-content${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const raw = await res.text()
  return { status: res.status, body: raw ? JSON.parse(raw) : undefined }
}
