import type { IncomingMessage, ServerResponse } from 'node:http'
import { acceptSend } from './accept-send.js'
import type { BusinessNumber } from './business-number.js'
import { refuse, respond, SUCCESS, type RouteContext } from './graph-answers.js'
import { parseJson } from './http-io.js'
import { metaJson } from './meta-json.js'
import { dropAfterAccept, faultBeforeSend } from './send-faults.js'
import { validateMessagesCall } from './validate-send.js'

/**
 * A Cloud API messages call once its body is read, for Meta's endpoint and the proxies that pass it
 * through (360dialog): the send-path faults where a real outage would sit, then parse → validate →
 * a read receipt (docs/platform.md §1.9: recorded for tests, nothing follows) or a send. `graphVersion` is the
 * caller's Graph version (null: current, no per-message `conversation`, §2.5).
 */
export function answerMessagesCall(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, text: string, number: BusinessNumber, graphVersion: number | null): void {
  const state = ctx.state
  const fault = faultBeforeSend(ctx, req)
  if (fault.kind === 'dropped') return
  if (fault.kind === 'server-error') return refuse(ctx, res, { code: fault.code })
  const body = parseJson(text)
  if (body === undefined) return refuse(ctx, res, { code: 100, details: 'The request body is not valid JSON.' })
  const validated = validateMessagesCall(body)
  if (!validated.ok) return refuse(ctx, res, validated.failure)
  if (validated.call.kind === 'read') {
    state.counters.readReceipts++
    state.readReceipts.push({ phoneNumberId: number.metadata.phone_number_id, messageId: validated.call.messageId, typing: validated.call.typing, at: state.now() })
    return respond(ctx, res, 200, SUCCESS)
  }
  const outcome = acceptSend(state, number, validated.call.request, graphVersion, state.now())
  if (!outcome.ok) return refuse(ctx, res, outcome.failure)
  // The in-doubt case: the message is accepted and its webhooks follow, but the answer is lost.
  if (dropAfterAccept(ctx, req)) return
  respond(ctx, res, 200, metaJson(outcome.body))
}
