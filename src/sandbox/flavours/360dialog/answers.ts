import type { IncomingMessage, ServerResponse } from 'node:http'
import { respond, type RouteContext } from '../../graph-answers.js'
import { countCode } from '../../stats.js'
import { DIALOG360 } from './identity.js'

/**
 * 360dialog's own answers (docs/platform.md §7.3): the `D360-API-KEY` check and its error shape
 * `{"meta":{"httpCode","developerMessage","success":false}}`. Errors that come from the platform
 * (validation, templates, limits) keep Meta's Graph envelope, as the proxy passes them through.
 */

/** Whether the request carries the channel's key (Node lower-cases header names). */
export function keyIsValid(req: IncomingMessage): boolean {
  return req.headers['d360-api-key'] === DIALOG360.apiKey
}

/** A 360dialog-level refusal, counted under `rejected["360dialog:<status>"]`. */
export function refuse360(ctx: RouteContext, res: ServerResponse, httpCode: number, developerMessage: string): void {
  countCode(ctx.state.counters.rejected, `360dialog:${httpCode}`)
  respond(ctx, res, httpCode, JSON.stringify({ meta: { httpCode, developerMessage, success: false } }))
}

/** §7.3: a missing or wrong key is 401 with "Invalid api_key or token expired". */
export function refuseKey(ctx: RouteContext, res: ServerResponse): void {
  refuse360(ctx, res, 401, 'Invalid api_key or token expired')
}
