import type { IncomingMessage, ServerResponse } from 'node:http'
import { authorized, refuse, unsupported, type RouteContext } from './graph-answers.js'
import { BodyTooLarge, readBody } from './http-io.js'
import { answerMessagesCall } from './messages-call.js'
import { handleTemplateCall, templateRoute } from './template-routes.js'

/**
 * The Cloud API surface: `POST /{version}/{phone-number-id}/messages` (docs/platform.md §1.1), with
 * auth, Graph's error envelope (§1.8) and the send-path faults, and the template management calls
 * on the WABA and template nodes (§3.1, `template-routes.ts`). Order: token → object → body →
 * validation → limits; the drop/server-error faults sit where a real outage would (sends only).
 */

// §1.1: any `vNN.0` (and Graph's unversioned default).
const VERSION = /^v(\d+)\.\d+$/

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
  const templates = tooDeep ? null : templateRoute(state, objectId, edge)
  if (templates) return handleTemplateCall(ctx, req, res, templates, path)
  // A node without an edge (`GET /{id}`) that is no template: Graph's unknown-object answer.
  if (!edge) return refuse(ctx, res, unsupported(req.method ?? 'GET', objectId, 'Unknown object id.'))
  if (edge !== 'messages' || tooDeep) {
    return refuse(ctx, res, { code: 100, message: `(#100) Unknown path components: ${path}`, details: 'The sandbox only emulates /{phone-number-id}/messages.' })
  }
  const found = state.numbers.get(objectId)
  // A flavour's numbers answer only on the flavour's own API (their core keys are not ids anyway).
  const number = found?.owner === 'meta' ? found : undefined
  if (!number || req.method !== 'POST') return refuse(ctx, res, unsupported(req.method ?? 'GET', objectId))

  let text: string
  try {
    text = await readBody(req)
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuse(ctx, res, { code: 100, details: e.message })
    return // the client went away
  }
  answerMessagesCall(ctx, req, res, text, number, v ? Number(v[1]) : null)
}
