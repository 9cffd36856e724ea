import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify'
import type { Scope } from '../core/keys/model.js'
import { requireScope, requireSession } from './auth.js'
import { errorSchema } from './schemas.js'

/**
 * What a route needs: a scope (held by an API key, or by an operator's role), any one of a few
 * scopes (a list), `session` (a login session of any role: the session's own routes), or
 * `public` (nothing: logging in).
 */
export type RouteAccess = Scope | readonly [Scope, ...Scope[]] | 'session' | 'public'

/** The scopes that open a scoped route, the one it is known by first. */
export function acceptedScopes(access: Exclude<RouteAccess, 'session' | 'public'>): readonly Scope[] {
  return typeof access === 'string' ? [access] : access
}

/**
 * What every API route needs, in one table to read as the API's access policy. A route not
 * listed here fails the API's start (see `enforceRouteScopes`), so no route can be added unguarded.
 */
export const ROUTE_SCOPES: Readonly<Record<string, RouteAccess>> = {
  // Rate limited per e-mail address and client IP instead (see core/operators/login-throttle.ts).
  'POST /v1/session': 'public',
  'GET /v1/session': 'session',
  'DELETE /v1/session': 'session',
  'POST /v1/session/logout-everywhere': 'session',
  // Names for the inbox's assignees; e-mail addresses only for an admin.
  'GET /v1/operators': 'messages:read',
  'POST /v1/operators': 'admin',
  'PATCH /v1/operators/:id': 'admin',
  // Teams: who answers which conversations, and the response targets each promises.
  // Read by the inbox too: a conversation's team by name, the team filter and select.
  'GET /v1/teams': 'messages:read',
  'POST /v1/teams': 'admin',
  'PATCH /v1/teams/:id': 'admin',
  'DELETE /v1/teams/:id': 'admin',
  'PUT /v1/teams/:id/members': 'admin',
  'GET /v1/audit': 'admin',
  'POST /v1/messages': 'messages:send',
  'POST /v1/messages/batch': 'messages:send',
  'GET /v1/messages': 'messages:read',
  'GET /v1/messages/:id': 'messages:read',
  // What a message cost against what Parley estimated: read with the messages themselves.
  'GET /v1/costs/discrepancies': 'messages:read',
  'GET /v1/costs': 'messages:read',
  'GET /v1/costs/compare': 'messages:read',
  'GET /v1/contacts/:phone': 'messages:read',
  'GET /v1/contacts/:phone/messages': 'messages:read',
  'GET /v1/contacts/:phone/payment-link': 'messages:read',
  'GET /v1/contacts/:phone/canned-replies': 'messages:read',
  'GET /v1/contacts/:phone/send-estimate': 'messages:read',
  // The profile a send reads (language, consent, tags): kept by the systems that send.
  'PUT /v1/contacts/:phone': 'messages:send',
  // The operator inbox: reading the list and the live feed, and acting on a conversation.
  'GET /v1/conversations': 'messages:read',
  'GET /v1/stream': 'messages:read',
  'POST /v1/conversations/:phone/read': 'messages:send',
  'PUT /v1/conversations/:phone/assignee': 'messages:send',
  'POST /v1/conversations/:phone/resolve': 'messages:send',
  'POST /v1/conversations/:phone/reopen': 'messages:send',
  // A person typing: only a login session has one (the other operators see their name).
  'POST /v1/conversations/:phone/typing': 'session',
  'PUT /v1/conversations/:phone/team': 'messages:send',
  // The dashboard: aggregates of the same messages a reader may list one by one.
  'GET /v1/analytics/messages': 'messages:read',
  'GET /v1/analytics/channels': 'messages:read',
  // Internal notes: written by operators (a key has no author, see routes/notes.ts), read with the conversation.
  'POST /v1/conversations/:phone/notes': 'messages:send',
  'GET /v1/conversations/:phone/notes': 'messages:read',
  // The contact panel: what the inbox shows beside a conversation.
  'GET /v1/contacts/:phone/events': 'messages:read',
  'GET /v1/contacts/:phone/subjects': 'messages:read',
  'POST /v1/events': 'events',
  'POST /v1/events/batch': 'events',
  'GET /v1/events/:id': 'events',
  'GET /v1/feedback': 'events',
  // Reading templates is reading what the business sends: the templates page is for every role,
  // a viewer (`messages:read` only) included. Changing them needs `templates`.
  'GET /v1/templates': ['templates', 'messages:read'],
  'POST /v1/templates': 'templates',
  'POST /v1/templates/lint': 'templates',
  'POST /v1/templates/preview': 'templates',
  'POST /v1/templates/sync': 'templates',
  'GET /v1/templates/languages': ['templates', 'messages:read'],
  'GET /v1/templates/:name/:language': ['templates', 'messages:read'],
  'PATCH /v1/templates/:name/:language': 'templates',
  'POST /v1/templates/:name/:language/submit': 'templates',
  'POST /v1/webhooks': 'webhooks',
  'GET /v1/webhooks': 'webhooks',
  'DELETE /v1/webhooks/:id': 'webhooks',
  'GET /v1/webhooks/:id/deliveries': 'webhooks',
  'POST /v1/webhooks/deliveries/:id/replay': 'webhooks',
  // The platform's rate cards Parley prices messages with: what the business pays is an admin's matter.
  'GET /v1/costs/rates': 'admin',
  'PUT /v1/costs/rates': 'admin',
  // Which provider prices which account, like the rate cards: an admin's matter.
  'GET /v1/costs/models': 'admin',
  'GET /v1/costs/budgets': 'admin',
  'PUT /v1/costs/budgets': 'admin',
  'GET /v1/rules': 'admin',
  'PUT /v1/rules': 'admin',
  'POST /v1/keys': 'admin',
  'GET /v1/keys': 'admin',
  'DELETE /v1/keys/:id': 'admin',
}

/** What a route needs; HEAD is GET without a body, so it needs what GET needs. */
export function scopeOf(method: string, url: string): RouteAccess | undefined {
  return ROUTE_SCOPES[`${method === 'HEAD' ? 'GET' : method} ${url}`]
}

/** The OpenAPI security requirement of a route: a key with the scope, or the session cookie. */
export function securityOf(access: RouteAccess): Record<string, string[]>[] {
  if (access === 'public') return []
  if (access === 'session') return [{ session: [] }]
  return [...acceptedScopes(access).map((scope) => ({ bearer: [scope] })), { session: [] }]
}

function accessNote(access: RouteAccess): string {
  if (access === 'public') return 'Needs no credentials.'
  if (access === 'session') return 'Needs the session cookie of a logged-in operator.'
  const scopes = acceptedScopes(access)
  const named = scopes.map((scope) => `\`${scope}\``).join(' or ')
  return `Needs a key with the ${named} scope${access === 'admin' ? '' : ' (or `admin`)'}, or the session of an operator whose role has ${scopes.length > 1 ? 'one of them' : 'it'}.`
}

/**
 * Gives every route registered in `api` its guards (`authenticate`: who is asking, then the
 * key's rate limit) and the check of what the table says it needs, its 403 and 429 answers and
 * its OpenAPI security requirement; refuses to register a route the table does not name. A
 * `public` route gets no guards.
 */
export function enforceRouteScopes(api: FastifyInstance, guards: readonly onRequestHookHandler[] = []): void {
  api.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const scopes = new Set(methods.map((method) => scopeOf(method, route.url)))
    const [access] = scopes
    if (scopes.size !== 1 || !access) throw new Error(`${methods.join(',')} ${route.url} has no scope in ROUTE_SCOPES (src/http/route-scopes.ts)`)
    const own = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : []
    if (access !== 'public') route.onRequest = [...guards, access === 'session' ? requireSession : requireScope(access), ...own]
    if (route.schema) {
      route.schema = {
        ...route.schema,
        description: [route.schema.description, accessNote(access)].filter(Boolean).join('\n\n'),
        security: securityOf(access),
        response: { ...(access === 'public' ? {} : { 403: errorSchema }), 429: errorSchema, ...(route.schema.response as object | undefined) },
      }
    }
  })
}
