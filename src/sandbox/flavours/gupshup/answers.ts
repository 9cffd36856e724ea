import type { IncomingMessage, ServerResponse } from 'node:http'
import { respond, type RouteContext } from '../../graph-answers.js'
import { countCode } from '../../stats.js'
import { GUPSHUP } from './identity.js'

/**
 * Gupshup's answers (docs/platform.md §7.1): `{"status":"submitted","messageId":…}` for an accepted
 * send, `{"status":"success",…}` for the management calls, and failures as a 4xx (5xx for its own
 * trouble) with `{"status":"error","message":…}`.
 */

export class GupshupError extends Error {
  readonly httpStatus: number
  constructor(httpStatus: number, message: string) {
    super(message)
    this.httpStatus = httpStatus
  }
}

/** Whether the request carries the app's key: `apikey` (the Access API), or `Authorization` as the partner API takes its app token. */
export function keyIsValid(req: IncomingMessage, partner: boolean): boolean {
  if (req.headers.apikey === GUPSHUP.apiKey) return true
  return partner && req.headers.authorization === GUPSHUP.apiKey
}

/** A refusal, counted under `rejected["gupshup:<status>"]`. */
export function refuseGupshup(ctx: RouteContext, res: ServerResponse, httpStatus: number, message: string): void {
  countCode(ctx.state.counters.rejected, `gupshup:${httpStatus}`)
  respond(ctx, res, httpStatus, JSON.stringify({ status: 'error', message }))
}

export function answer(ctx: RouteContext, res: ServerResponse, httpStatus: number, body: object | null): void {
  respond(ctx, res, httpStatus, body === null ? '' : JSON.stringify(body))
}
