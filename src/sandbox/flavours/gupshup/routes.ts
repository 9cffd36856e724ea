import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RouteContext } from '../../graph-answers.js'
import { BodyTooLarge, readBody } from '../../http-io.js'
import { phoneDigits } from '../../users.js'
import { Invalid } from '../../validate-helpers.js'
import type { GupshupApp } from './app.js'
import { answer, GupshupError, keyIsValid, refuseGupshup } from './answers.js'
import { GUPSHUP } from './identity.js'
import { send } from './send.js'
import { createBody, gupshupTemplate } from './templates.js'
import { countryCallingCode } from './translate-out.js'

/**
 * Gupshup's API under `/gupshup` (docs/platform.md §7.1):
 *
 * - `POST /wa/api/v1/msg`, `/sm/api/v1/msg`, `/wa/api/v1/template/msg`       sends (`send.ts`)
 * - `GET  /sm/api/v1/template/list/{appName}`, `GET /partner/app/{appId}/templates`   template list
 * - `POST /partner/app/{appId}/templates`                                   template create (form)
 * - `POST /sm/api/v1/app/opt/in/{appName}`, `/opt/out/{appName}` (form `user=`), `PUT /partner/app/{appId}/optin` (form `phone=`)
 * - `GET  /sm/api/v1/users/{appName}`                                       opt-in register
 *
 * The Access API takes `apikey`; the partner API also its `Authorization` token (the same key here).
 */
export async function handleGupshup(app: GupshupApp, ctx: RouteContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  ctx.state.counters.requests++
  const route = path.replace(/\/+$/, '')
  const method = req.method ?? 'GET'
  if (!keyIsValid(req, route.startsWith('/partner/'))) return refuseGupshup(ctx, res, 401, 'Authentication Failed')
  try {
    const form = method === 'POST' || method === 'PUT' ? new URLSearchParams(await readBody(req)) : new URLSearchParams()
    if (method === 'POST' && (route === '/wa/api/v1/msg' || route === '/sm/api/v1/msg')) return await send(app, ctx, req, res, form, 'session')
    if (method === 'POST' && route === '/wa/api/v1/template/msg') return await send(app, ctx, req, res, form, 'template')

    const byName = /^\/sm\/api\/v1\/(template\/list|app\/opt\/in|app\/opt\/out|users)\/([^/]+)$/.exec(route)
    if (byName) {
      if (decodeURIComponent(byName[2]!) !== GUPSHUP.appName) throw new GupshupError(404, `App not found: ${byName[2]}`)
      const what = byName[1]
      if (what === 'template/list' && method === 'GET') return list(ctx, res)
      if (what === 'users' && method === 'GET') return users(app, ctx, res)
      if ((what === 'app/opt/in' || what === 'app/opt/out') && method === 'POST') return optIn(app, ctx, res, form.get('user'), what === 'app/opt/in')
    }
    const byId = /^\/partner\/app\/([^/]+)\/(templates|optin)$/.exec(route)
    if (byId) {
      if (decodeURIComponent(byId[1]!) !== GUPSHUP.appId) throw new GupshupError(404, `App not found: ${byId[1]}`)
      if (byId[2] === 'templates' && method === 'GET') return list(ctx, res)
      if (byId[2] === 'templates' && method === 'POST') return create(ctx, res, form)
      if (byId[2] === 'optin' && method === 'PUT') return optIn(app, ctx, res, form.get('phone'), true)
    }
    throw new GupshupError(404, `No such endpoint: ${method} ${path || '/'}`)
  } catch (e) {
    if (e instanceof GupshupError) return refuseGupshup(ctx, res, e.httpStatus, e.message)
    if (e instanceof BodyTooLarge) return refuseGupshup(ctx, res, 413, e.message)
    throw e
  }
}

function list(ctx: RouteContext, res: ServerResponse): void {
  const wabaId = ctx.state.options.wabaId
  answer(ctx, res, 200, { status: 'success', templates: ctx.state.templates.list().map((t) => gupshupTemplate(t, wabaId)) })
}

function create(ctx: RouteContext, res: ServerResponse, form: URLSearchParams): void {
  const store = ctx.state.templates
  let id: string
  try {
    id = store.create(createBody(form), ctx.state.now()).id
  } catch (e) {
    if (e instanceof Invalid) throw new GupshupError(400, e.failure.userMsg ?? e.failure.details ?? e.failure.message ?? 'Invalid template')
    throw e
  }
  answer(ctx, res, 200, { status: 'success', template: gupshupTemplate(store.get(id)!, ctx.state.options.wabaId) })
}

function optIn(app: GupshupApp, ctx: RouteContext, res: ServerResponse, user: string | null, optedIn: boolean): void {
  const digits = user === null ? null : phoneDigits(user)
  if (digits === null || user !== digits) throw new GupshupError(400, 'Invalid user: country code and digits, no +')
  app.setOptIn(digits, optedIn ? 'OPT_IN' : 'OPT_OUT', ctx.state.now())
  // §7.1 gives the partner opt-in's answer, 202; the sandbox answers the Access API's the same, with no body.
  answer(ctx, res, 202, null)
}

function users(app: GupshupApp, ctx: RouteContext, res: ServerResponse): void {
  const list = app.optIns.list().map((r) => {
    const countryCode = countryCallingCode(r.phone)
    return { countryCode, phoneCode: r.phone.slice(countryCode.length), optinStatus: r.status, optinSource: 'API', optinTimeStamp: r.at }
  })
  answer(ctx, res, 200, { status: 'success', users: list })
}
