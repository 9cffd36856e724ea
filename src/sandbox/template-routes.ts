import type { IncomingMessage, ServerResponse } from 'node:http'
import { refuse, respond, SUCCESS, unsupported, type RouteContext } from './graph-answers.js'
import { BodyTooLarge, parseJson, readBody } from './http-io.js'
import { metaJson } from './meta-json.js'
import type { SandboxState } from './state.js'
import { graphTemplate, listPage, parseFields } from './template-listing.js'
import { templateFailure } from './template-rules.js'
import { Invalid } from './validate-helpers.js'

/**
 * Template management on the Graph API (docs/platform.md §3.1), behind the same Bearer token as sends:
 *
 * - `POST   /{v}/{waba-id}/message_templates`            create → `{id, status, category}`
 * - `GET    /{v}/{waba-id}/message_templates`            list (fields, filters, limit, before/after)
 * - `DELETE /{v}/{waba-id}/message_templates?name=…[&hsm_id=…]` → `{success:true}`
 * - `GET    /{v}/{template-id}?fields=…`                 one template
 * - `POST   /{v}/{template-id}`                          edit → `{success:true}`
 * - `POST   /{v}/{template-id}/unpause`                  → `{success:true}`
 *
 * Bodies are JSON, or form-encoded with JSON-encoded values as Graph also accepts. The send-path
 * faults (5xx, drops) do not apply here; `extraLatencyMs` does.
 */

export type TemplateRoute = { kind: 'waba' } | { kind: 'template'; id: string; unpause: boolean }

/** Whether `/{objectId}/{edge}` is a template call. */
export function templateRoute(state: SandboxState, objectId: string, edge: string | undefined): TemplateRoute | null {
  if (objectId === state.options.wabaId && edge === 'message_templates') return { kind: 'waba' }
  if ((edge === undefined || edge === '' || edge === 'unpause') && state.templates.get(objectId)) {
    return { kind: 'template', id: objectId, unpause: edge === 'unpause' }
  }
  return null
}

export async function handleTemplateCall(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, route: TemplateRoute, path: string): Promise<void> {
  const store = ctx.state.templates
  const method = req.method ?? 'GET'
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams
  const now = ctx.state.now()
  try {
    if (route.kind === 'waba') {
      if (method === 'POST') return ok(ctx, res, store.create(await readParams(req), now))
      if (method === 'DELETE') {
        store.remove(query.get('name'), query.get('hsm_id'), now)
        return respond(ctx, res, 200, SUCCESS)
      }
      if (method === 'GET') return ok(ctx, res, list(ctx.state, req, query, path))
      return refuse(ctx, res, unsupported(method, ctx.state.options.wabaId, 'The message_templates edge takes GET, POST and DELETE.'))
    }
    if (method === 'POST') {
      if (route.unpause) store.unpause(route.id, now)
      else store.edit(route.id, await readParams(req), now)
      return respond(ctx, res, 200, SUCCESS)
    }
    if (method === 'GET' && !route.unpause) return ok(ctx, res, graphTemplate(store.get(route.id)!, parseFields(query.get('fields'))))
    return refuse(ctx, res, unsupported(method, route.id, 'A template takes GET and POST; /unpause takes POST.'))
  } catch (e) {
    if (e instanceof Invalid) return refuse(ctx, res, e.failure)
    if (e instanceof BodyTooLarge) return refuse(ctx, res, templateFailure('Invalid parameter', e.message))
    throw e
  }
}

function list(state: SandboxState, req: IncomingMessage, query: URLSearchParams, path: string): object {
  const fields = parseFields(query.get('fields'))
  const page = listPage(state.templates.list(), {
    status: query.get('status'),
    category: query.get('category'),
    language: query.get('language'),
    name: query.get('name'),
    nameOrContent: query.get('name_or_content'),
    limit: query.get('limit'),
    after: query.get('after'),
    before: query.get('before'),
  })
  const data = page.data.map((t) => graphTemplate(t, fields))
  if (page.first === null || page.last === null) return { data }
  const link = (cursor: 'after' | 'before', value: string) => {
    const next = new URLSearchParams(query)
    next.delete('after')
    next.delete('before')
    next.set(cursor, value)
    return `http://${req.headers.host ?? '127.0.0.1'}${path}?${next.toString()}`
  }
  const paging: Record<string, unknown> = { cursors: { before: page.first, after: page.last } }
  if (page.hasNext) paging.next = link('after', page.last)
  if (page.hasPrevious) paging.previous = link('before', page.first)
  return { data, paging }
}

/** The call's parameters: a JSON object, or a form whose values may themselves be JSON (`components=[…]`). */
async function readParams(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req)
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const form: Record<string, unknown> = {}
    for (const [k, v] of new URLSearchParams(text)) form[k] = /^\s*[[{]/.test(v) ? (parseJson(v) ?? v) : v
    return form
  }
  const body = parseJson(text)
  if (body === undefined) throw new Invalid(templateFailure('Invalid parameter', 'The request body is not valid JSON.'))
  return body
}

function ok(ctx: RouteContext, res: ServerResponse, body: object): void {
  respond(ctx, res, 200, metaJson(body))
}
