import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { respond, type RouteContext } from '../../graph-answers.js'
import { BodyTooLarge, parseJson, readBody } from '../../http-io.js'
import { dropAfterAccept, faultBeforeSend } from '../../send-faults.js'
import { unsignedJson } from '../../webhook-delivery.js'
import type { Flavour, FlavourDefinition, FlavourHost } from '../flavour.js'
import type { SmsInbound, SmsReceipt } from '../sms/sms-core.js'

/**
 * A generic HTTP SMS gateway ('http-sms'): Parley's own small protocol, documented in
 * src/sandbox/README.md, standing for the many SMS gateways that take a JSON POST with a key and
 * post delivery receipts back (docs/platform.md §7.4). `POST /sms/messages` with a Bearer key and
 * `{from, to, text, reference?}` → `{id, segments}`; receipts `{id, reference?, status, error_code?,
 * timestamp}` and inbound texts `{id, from, to, text, timestamp}` are POSTed as JSON to the
 * flavour's callback URL, unsigned (Parley puts a token in that URL). The gateway keeps no STOP
 * block list: opting out is the business's job.
 */

export const HTTP_SMS_KEY = 'sandbox-sms-key'
/** Digits of the gateway's one sender, +15550001239. */
export const HTTP_SMS_NUMBER = '15550001239'

export const HTTP_SMS_FLAVOUR: FlavourDefinition = {
  name: 'http-sms',
  prefixes: ['/sms'],
  numbers: [],
  sign: unsignedJson,
  create: (host) => new HttpSmsFlavour(host),
}

type ErrorCode = 'unauthorized' | 'not_found' | 'invalid_request' | 'unknown_sender' | 'invalid_number' | 'server_error' | 'unavailable'

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  not_found: 404,
  invalid_request: 400,
  unknown_sender: 400,
  invalid_number: 400,
  server_error: 500,
  unavailable: 503,
}

// As Twilio (§7.4): at most 1,600 characters, split into segments by the gateway.
const MAX_TEXT = 1600
const E164 = /^\+[1-9]\d{6,14}$/

class HttpSmsFlavour implements Flavour {
  readonly #host: FlavourHost
  readonly #prefix = randomBytes(4).toString('hex')
  #counter = 0

  constructor(host: FlavourHost) {
    this.#host = host
    host.state.sms.addNumber({ digits: HTTP_SMS_NUMBER, blocksOptedOut: false }, { receipt: (r) => this.#receipt(r), inbound: (m) => this.#inbound(m) })
  }

  async handle(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const state = ctx.state
    state.counters.requests++
    if (!authorized(req)) return refuse(ctx, res, 'unauthorized', 'Missing or wrong API key: send Authorization: Bearer <key>.')
    if (rest.replace(/\/$/, '') !== '/messages' || req.method !== 'POST') return refuse(ctx, res, 'not_found', `No route ${req.method} /sms${rest}.`)
    let text: string
    try {
      text = await readBody(req)
    } catch (e) {
      if (e instanceof BodyTooLarge) return refuse(ctx, res, 'invalid_request', e.message)
      return // the client went away
    }
    const fault = faultBeforeSend(ctx, req)
    if (fault.kind === 'dropped') return
    if (fault.kind === 'server-error') return refuse(ctx, res, fault.code === 131000 ? 'server_error' : 'unavailable', 'The gateway could not take the message; nothing was sent.')

    const parsed = parseSend(parseJson(text))
    if (!parsed.ok) return refuse(ctx, res, parsed.code, parsed.message)
    const id = this.#nextId()
    const accepted = state.sms.accept({ id, from: parsed.from.slice(1), to: parsed.to.slice(1), text: parsed.text, reference: parsed.reference })
    if (!accepted.ok) throw new Error('sandbox http-sms: the gateway keeps no block list, yet a send was refused')
    if (dropAfterAccept(ctx, req)) return
    respond(ctx, res, 200, JSON.stringify({ id, segments: accepted.message.segments }))
  }

  // The gateway's numbers are not WhatsApp numbers: the core never has events for it.
  status(): void {}
  inbound(): void {}

  #receipt(r: SmsReceipt): void {
    const failed = r.status === 'undeliverable'
    const body = {
      id: r.message.id,
      ...(r.message.reference === null ? {} : { reference: r.message.reference }),
      status: failed ? 'failed' : r.status,
      ...(failed ? { error_code: 'unreachable' } : {}),
      timestamp: new Date(r.atMs).toISOString(),
    }
    this.#host.callbacks.post('statuses', JSON.stringify(body))
  }

  #inbound(m: SmsInbound): string {
    const id = this.#nextId()
    this.#host.callbacks.post('messages', JSON.stringify({ id, from: `+${m.from}`, to: `+${m.to}`, text: m.text, timestamp: new Date(m.atMs).toISOString() }))
    return id
  }

  #nextId(): string {
    return `sms_${this.#prefix}${(this.#counter++).toString(16).padStart(8, '0')}`
  }
}

type Parsed = { ok: true; from: string; to: string; text: string; reference: string | null } | { ok: false; code: ErrorCode; message: string }

function parseSend(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, code: 'invalid_request', message: 'The body must be a JSON object.' }
  const { from, to, text, reference } = body as Record<string, unknown>
  if (typeof from !== 'string' || typeof to !== 'string' || typeof text !== 'string') {
    return { ok: false, code: 'invalid_request', message: 'from, to and text are required strings.' }
  }
  if (reference !== undefined && reference !== null && typeof reference !== 'string') return { ok: false, code: 'invalid_request', message: 'reference must be a string.' }
  if (from !== `+${HTTP_SMS_NUMBER}`) return { ok: false, code: 'unknown_sender', message: `from must be this account's number +${HTTP_SMS_NUMBER}.` }
  if (!E164.test(to)) return { ok: false, code: 'invalid_number', message: `to must be an E.164 number such as +4915112345678, got ${to}.` }
  if (text === '' || [...text].length > MAX_TEXT) return { ok: false, code: 'invalid_request', message: `text must have 1 to ${MAX_TEXT} characters.` }
  return { ok: true, from, to, text, reference: typeof reference === 'string' ? reference : null }
}

function authorized(req: IncomingMessage): boolean {
  const got = Buffer.from(req.headers.authorization ?? '')
  const expected = Buffer.from(`Bearer ${HTTP_SMS_KEY}`)
  return got.length === expected.length && timingSafeEqual(got, expected)
}

function refuse(ctx: RouteContext, res: ServerResponse, code: ErrorCode, message: string): void {
  respond(ctx, res, STATUS[code], JSON.stringify({ error: { code, message } }))
}
