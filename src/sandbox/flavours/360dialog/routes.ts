import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusinessNumber } from '../../business-number.js'
import { refuse, respond, SUCCESS, type RouteContext } from '../../graph-answers.js'
import { BodyTooLarge, parseJson, readBody } from '../../http-io.js'
import { answerMessagesCall } from '../../messages-call.js'
import { metaJson } from '../../meta-json.js'
import { templateFailure } from '../../template-rules.js'
import { Invalid } from '../../validate-helpers.js'
import type { FlavourCallbacks } from '../flavour.js'
import { keyIsValid, refuse360, refuseKey } from './answers.js'
import { listTemplates, dialogTemplate } from './templates.js'

/**
 * 360dialog's Cloud API proxy (docs/platform.md §7.3), under `/360dialog`:
 *
 * - `POST /messages`                         Meta's body and answer; the key picks the number
 * - `GET|POST /v1/configs/templates`         list (360dialog's shape) / create (Meta's body)
 * - `DELETE /v1/configs/templates/{name}`    every language of the name
 * - `GET|POST /v1/configs/webhook`           the callback URL `{url}`
 *
 * Every call needs `D360-API-KEY`. The send-path faults apply to `/messages` as to Meta's endpoint.
 */
export async function handleDialog(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  number: BusinessNumber,
  callbacks: FlavourCallbacks,
): Promise<void> {
  ctx.state.counters.requests++
  if (!keyIsValid(req)) return refuseKey(ctx, res)
  const method = req.method ?? 'GET'
  const route = path.replace(/\/+$/, '')
  try {
    if (route === '/messages' && method === 'POST') return await send(ctx, req, res, number)
    if (route === '/v1/configs/templates') {
      if (method === 'GET') return ok(ctx, res, listTemplates(ctx.state.templates, new URL(req.url ?? '/', 'http://sandbox').searchParams))
      if (method === 'POST') return await createTemplate(ctx, req, res)
    }
    const named = /^\/v1\/configs\/templates\/([^/]+)$/.exec(route)
    if (named && method === 'DELETE') {
      ctx.state.templates.remove(decodeURIComponent(named[1]!), null, ctx.state.now())
      return respond(ctx, res, 200, SUCCESS)
    }
    if (route === '/v1/configs/webhook') {
      if (method === 'GET') return ok(ctx, res, { url: callbacks.url() })
      if (method === 'POST') return await setWebhook(ctx, req, res, callbacks)
    }
  } catch (e) {
    if (e instanceof Invalid) return refuse(ctx, res, e.failure)
    if (e instanceof BodyTooLarge) return refuse(ctx, res, { code: 100, details: e.message })
    throw e
  }
  refuse360(ctx, res, 404, `No such endpoint: ${method} ${path || '/'}`)
}

async function send(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, number: BusinessNumber): Promise<void> {
  // The proxy passes the platform's answers (and its own 5xx) through in Graph's envelope, on the current Graph version.
  answerMessagesCall(ctx, req, res, await readBody(req), number, null)
}

async function createTemplate(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseJson(await readBody(req))
  if (body === undefined) throw new Invalid(templateFailure('Invalid parameter', 'The request body is not valid JSON.'))
  const created = ctx.state.templates.create(body, ctx.state.now())
  ok(ctx, res, dialogTemplate(ctx.state.templates.get(created.id)!))
}

async function setWebhook(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, callbacks: FlavourCallbacks): Promise<void> {
  const body = parseJson(await readBody(req)) as { url?: unknown } | undefined
  const url = body?.url
  let valid = false
  if (typeof url === 'string') {
    try {
      valid = ['http:', 'https:'].includes(new URL(url).protocol)
    } catch {
      valid = false
    }
  }
  if (!valid) return refuse360(ctx, res, 400, 'The body needs "url": an http(s) URL.')
  callbacks.setUrl(url as string)
  ok(ctx, res, { url })
}

function ok(ctx: RouteContext, res: ServerResponse, body: object): void {
  respond(ctx, res, 200, metaJson(body))
}
