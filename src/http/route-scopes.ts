import type { FastifyInstance, RouteOptions } from 'fastify'
import type { Scope } from '../core/keys/model.js'
import { requireScope } from './auth.js'
import { errorSchema } from './schemas.js'

/**
 * The scope every API route needs, in one table to read as the API's access policy. A route not
 * listed here fails the API's start (see `enforceRouteScopes`), so no route can be added unguarded.
 */
export const ROUTE_SCOPES: Readonly<Record<string, Scope>> = {
  'POST /v1/messages': 'messages:send',
  'POST /v1/messages/batch': 'messages:send',
  'GET /v1/messages': 'messages:read',
  'GET /v1/messages/:id': 'messages:read',
  'GET /v1/contacts/:phone': 'messages:read',
  'GET /v1/contacts/:phone/messages': 'messages:read',
  // The profile a send reads (language, consent, tags): kept by the systems that send.
  'PUT /v1/contacts/:phone': 'messages:send',
  // The operator inbox: reading the list and the live feed, and acting on a conversation.
  'GET /v1/conversations': 'messages:read',
  'GET /v1/stream': 'messages:read',
  'POST /v1/conversations/:phone/read': 'messages:send',
  'PUT /v1/conversations/:phone/assignee': 'messages:send',
  'POST /v1/events': 'events',
  'POST /v1/events/batch': 'events',
  'GET /v1/events/:id': 'events',
  'GET /v1/feedback': 'events',
  'GET /v1/templates': 'templates',
  'POST /v1/templates': 'templates',
  'POST /v1/templates/lint': 'templates',
  'POST /v1/templates/sync': 'templates',
  'GET /v1/templates/languages': 'templates',
  'GET /v1/templates/:name/:language': 'templates',
  'PATCH /v1/templates/:name/:language': 'templates',
  'POST /v1/templates/:name/:language/submit': 'templates',
  'POST /v1/webhooks': 'webhooks',
  'GET /v1/webhooks': 'webhooks',
  'DELETE /v1/webhooks/:id': 'webhooks',
  'GET /v1/webhooks/:id/deliveries': 'webhooks',
  'POST /v1/webhooks/deliveries/:id/replay': 'webhooks',
  'GET /v1/rules': 'admin',
  'PUT /v1/rules': 'admin',
  'POST /v1/keys': 'admin',
  'GET /v1/keys': 'admin',
  'DELETE /v1/keys/:id': 'admin',
}

/** The scope a route needs; HEAD is GET without a body, so it needs what GET needs. */
export function scopeOf(method: string, url: string): Scope | undefined {
  return ROUTE_SCOPES[`${method === 'HEAD' ? 'GET' : method} ${url}`]
}

/**
 * Gives every route registered in `api` the check of its scope (after the key and its rate limit,
 * which the scope's plugin hooks check first), its 403 and 429 answers and its OpenAPI security
 * requirement; refuses to register a route the table does not name.
 */
export function enforceRouteScopes(api: FastifyInstance): void {
  api.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const scopes = new Set(methods.map((method) => scopeOf(method, route.url)))
    const [scope] = scopes
    if (scopes.size !== 1 || !scope) throw new Error(`${methods.join(',')} ${route.url} has no scope in ROUTE_SCOPES (src/http/route-scopes.ts)`)
    const own = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : []
    route.onRequest = [requireScope(scope), ...own]
    if (route.schema) {
      route.schema = {
        ...route.schema,
        description: [route.schema.description, `Needs a key with the \`${scope}\` scope${scope === 'admin' ? '' : ' (or `admin`)'}.`].filter(Boolean).join('\n\n'),
        security: [{ bearer: [scope] }],
        response: { 403: errorSchema, 429: errorSchema, ...(route.schema.response as object | undefined) },
      }
    }
  })
}
