import type { IncomingMessage, ServerResponse } from 'node:http'
import { acceptSend } from './accept-send.js'
import { errorEnvelope, type MetaFailure } from './errors.js'
import { BodyTooLarge, parseJson, queryParam, readBody, sendText } from './http-io.js'
import { metaJson } from './meta-json.js'
import type { SandboxState } from './state.js'
import { countCode } from './stats.js'
import { validateMessagesCall } from './validate-send.js'

/**
 * The Cloud API surface: `POST /{version}/{phone-number-id}/messages` (platform doc §1.1), with
 * auth, Graph's error envelope (§1.8) and the send-path faults. Order: token → object → body →
 * validation → limits; the drop/server-error faults sit where a real outage would.
 */

export interface RouteContext {
  state: SandboxState
  /** Runs `fn` after `ms` on a timer that `close()` cancels. */
  later(ms: number, fn: () => void): void
}

// §1.1: any `vNN.0` (and Graph's unversioned default).
const VERSION = /^v(\d+)\.\d+$/
const AUTH_SCHEME = /^(?:bearer|oauth)\s+(\S+)\s*$/i
const JSON_TYPE = 'application/json; charset=UTF-8'
const SUCCESS = metaJson({ success: true })

export async function handleCloudApi(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const state = ctx.state
  state.counters.requests++
  const seg = path.split('/')
  const v = VERSION.exec(seg[1] ?? '')
  const first = v ? 2 : 1
  const objectId = seg[first] ?? ''
  const edge = seg[first + 1]
  const tooDeep = seg.length > first + 2 && !(seg.length === first + 3 && seg[first + 2] === '')

  if (!authorized(req, state.options.accessToken)) return refuse(ctx, res, { code: 190 })
  if (edge !== 'messages' || tooDeep) {
    return refuse(ctx, res, { code: 100, message: `(#100) Unknown path components: ${path}`, details: 'The sandbox only emulates /{phone-number-id}/messages.' })
  }
  const number = state.numbers.get(objectId)
  if (!number || req.method !== 'POST') return refuse(ctx, res, unsupported(req.method ?? 'GET', objectId))

  let text: string
  try {
    text = await readBody(req)
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuse(ctx, res, { code: 100, details: e.message })
    return // the client went away
  }
  const dice = state.dice
  const faults = dice.faults
  if (dice.chance(faults.dropBeforeRate)) {
    state.counters.faults.droppedBefore++
    req.socket.destroy()
    return
  }
  if (dice.chance(faults.serverErrorRate)) {
    state.counters.faults.serverErrors++
    return refuse(ctx, res, { code: dice.serverErrorCode() })
  }

  const body = parseJson(text)
  if (body === undefined) return refuse(ctx, res, { code: 100, details: 'The request body is not valid JSON.' })
  const validated = validateMessagesCall(body)
  if (!validated.ok) return refuse(ctx, res, validated.failure)
  if (validated.call.kind === 'read') {
    // §1.9: marks the message (and earlier ones) read; nothing observable follows in the sandbox.
    state.counters.readReceipts++
    return respond(ctx, res, 200, SUCCESS)
  }
  const outcome = acceptSend(state, number, validated.call.request, v ? Number(v[1]) : null, Date.now())
  if (!outcome.ok) return refuse(ctx, res, outcome.failure)
  if (dice.chance(faults.dropAfterRate)) {
    // The in-doubt case: the message is accepted and its webhooks follow, but the answer is lost.
    state.counters.faults.droppedAfter++
    const drop = () => req.socket.destroy()
    if (faults.extraLatencyMs > 0) ctx.later(faults.extraLatencyMs, drop)
    else drop()
    return
  }
  respond(ctx, res, 200, metaJson(outcome.body))
}

function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization
  // Graph takes `Bearer <token>` (and the older `OAuth <token>`) in the header, or `?access_token=`.
  if (header !== undefined) return header === `Bearer ${token}` || AUTH_SCHEME.exec(header)?.[1] === token
  return queryParam(req, 'access_token') === token
}

/** Graph's answer for an object that does not exist or does not take this call (code 100, subcode 33). */
function unsupported(method: string, objectId: string): MetaFailure {
  return {
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, ` +
      'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    details: 'Unknown phone number id.',
  }
}

function refuse(ctx: RouteContext, res: ServerResponse, f: MetaFailure): void {
  const state = ctx.state
  countCode(state.counters.rejected, f.code)
  const traceId = state.ids.fbtraceId()
  const { status, body } = errorEnvelope(f, traceId)
  const headers: Record<string, string> = { 'x-fb-trace-id': traceId }
  if (status === 401) headers['www-authenticate'] = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"'
  respond(ctx, res, status, metaJson(body), headers)
}

/** Answers after `faults.extraLatencyMs` (0 = at once). */
function respond(ctx: RouteContext, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const latency = ctx.state.options.faults.extraLatencyMs
  const write = () => sendText(res, status, text, { 'content-type': JSON_TYPE, ...headers })
  if (latency > 0) ctx.later(latency, write)
  else write()
}
