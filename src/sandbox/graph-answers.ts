import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorEnvelope, type MetaFailure } from './errors.js'
import { queryParam, sendText } from './http-io.js'
import { metaJson } from './meta-json.js'
import type { SandboxState } from './state.js'
import { countCode } from './stats.js'

/**
 * What every emulated Graph call shares (docs/platform.md §1.1, §1.8): the token check, the error
 * envelope with its trace id, and answers delayed by `faults.extraLatencyMs`.
 */

export interface RouteContext {
  state: SandboxState
  /** Runs `fn` after `ms` on a timer that `close()` cancels. */
  later(ms: number, fn: () => void): void
}

const AUTH_SCHEME = /^(?:bearer|oauth)\s+(\S+)\s*$/i
const JSON_TYPE = 'application/json; charset=UTF-8'
export const SUCCESS = metaJson({ success: true })

export function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization
  // Graph takes `Bearer <token>` (and the older `OAuth <token>`) in the header, or `?access_token=`.
  if (header !== undefined) return header === `Bearer ${token}` || AUTH_SCHEME.exec(header)?.[1] === token
  return queryParam(req, 'access_token') === token
}

/** Graph's answer for an object that does not exist or does not take this call (code 100, subcode 33). */
export function unsupported(method: string, objectId: string, details = 'Unknown phone number id.'): MetaFailure {
  return {
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, ` +
      'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    details,
  }
}

export function refuse(ctx: RouteContext, res: ServerResponse, f: MetaFailure): void {
  const state = ctx.state
  countCode(state.counters.rejected, f.code)
  const traceId = state.ids.fbtraceId()
  const { status, body } = errorEnvelope(f, traceId)
  const headers: Record<string, string> = { 'x-fb-trace-id': traceId }
  if (status === 401) headers['www-authenticate'] = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"'
  respond(ctx, res, status, metaJson(body), headers)
}

/** Answers after `faults.extraLatencyMs` (0 = at once). */
export function respond(ctx: RouteContext, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const latency = ctx.state.options.faults.extraLatencyMs
  const write = () => sendText(res, status, text, { 'content-type': JSON_TYPE, ...headers })
  if (latency > 0) ctx.later(latency, write)
  else write()
}
