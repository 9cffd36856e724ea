import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'
import { grants, type Scope } from '../core/keys/model.js'
import type { VerifiedKey } from '../core/keys/ports.js'
import { ROLE_SCOPES } from '../core/operators/model.js'
import type { ActiveSession, Actor, OperatorSessions } from '../core/operators/ports.js'
import type { Clock } from '../core/ports.js'
import { MINUTE } from '../core/shared/time.js'

export interface ApiKeyVerifier {
  verify(key: string): Promise<VerifiedKey | null>
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: VerifiedKey
    /** Who is asking: set by `bearerAuth` or `authenticate` before any route runs. */
    actor?: Actor
    /** The login session a cookie-authenticated request came with. */
    session?: ActiveSession
  }
}

/** The cookie a login sets (see routes/session.ts). */
export const SESSION_COOKIE = 'parley_session'
export const CSRF_HEADER = 'x-csrf-token'

/** What login sessions need at each request: where they are, the time, and how long one lasts unused. */
export interface SessionAuth {
  sessions: OperatorSessions
  clock: Clock
  ttlMs: number
}

// The scheme name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same scheme.
// Keys are at least 32 characters (PARLEY_API_KEY is refused shorter; minted ones are 63).
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]{32,256})$/i

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Renewing a session's expiry at every request would write at every request: once a minute is enough. */
const TOUCH_EVERY = MINUTE

const NO_CREDENTIALS = 'Send a valid API key as "Authorization: Bearer <key>", or log in (POST /v1/session) and send the session cookie.'

/** Checks `Authorization: Bearer <key>` against the stored keys; 401 without a valid key. */
export function bearerAuth(keys: ApiKeyVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '')
    const key = match?.[1] ? await keys.verify(match[1]) : null
    if (!key) throw new ParleyError('unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".')
    request.apiKey = key
    request.actor = { kind: 'key', id: key.id, scopes: key.scopes }
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Authenticates by API key (an Authorization header wins) or by the session cookie. A cookie is
 * sent by the browser on its own, so a cookie-authenticated state change must also carry the
 * session's CSRF token in `x-csrf-token`, which a page of another site cannot read; a key is
 * never ambient, so key requests need no such token.
 */
export function authenticate(keys: ApiKeyVerifier, auth: SessionAuth) {
  const byKey = bearerAuth(keys)
  return async (request: FastifyRequest): Promise<void> => {
    if (request.headers.authorization !== undefined) return byKey(request)
    const token = request.cookies?.[SESSION_COOKIE]
    if (!token) throw new ParleyError('unauthorized', NO_CREDENTIALS)
    const now = auth.clock.now()
    const session = await auth.sessions.find(token, now)
    if (!session) throw new ParleyError('unauthorized', 'The session has ended (logged out, expired or disabled): log in again with POST /v1/session.')
    if (STATE_CHANGING.has(request.method)) {
      const presented = request.headers[CSRF_HEADER]
      if (typeof presented !== 'string' || !sameSecret(presented, session.csrfToken)) {
        throw new ParleyError('csrf_failed', `A change made with the session cookie needs the header "${CSRF_HEADER}" holding the session's csrf_token (from POST or GET /v1/session).`)
      }
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY) await auth.sessions.touch(session.id, now, auth.ttlMs)
    request.session = session
    request.actor = { kind: 'operator', id: session.operator.id, role: session.operator.role }
  }
}

/** The scopes an actor holds: a key's own, or an operator's role's (see ROLE_SCOPES). */
export function scopesOf(actor: Actor): readonly Scope[] {
  return actor.kind === 'key' ? actor.scopes : ROLE_SCOPES[actor.role]
}

/**
 * Refuses, with 403 `forbidden` naming the scope, a request whose actor (checked before) holds
 * none of `accepted` (one scope, or a list any one of which will do: the first is the one named).
 */
export function requireScope(accepted: Scope | readonly Scope[]) {
  const scopes: readonly Scope[] = typeof accepted === 'string' ? [accepted] : accepted
  const [scope] = scopes as [Scope, ...Scope[]]
  const named = `"${scope}"${scopes.length > 1 ? ` (or ${scopes.slice(1).map((s) => `"${s}"`).join(', ')})` : ''}`
  const alternatives = scopes.length > 1 ? { accepted_scopes: scopes } : {}
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const actor = request.actor
    if (!actor) throw new ParleyError('unauthorized', NO_CREDENTIALS)
    const held = scopesOf(actor)
    if (scopes.some((s) => grants(held, s))) return
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`
    if (actor.kind === 'key') {
      throw new ParleyError('forbidden', `This key (${actor.id}) lacks the scope ${named} that ${route} needs.`, { required_scope: scope, ...alternatives, key_scopes: actor.scopes })
    }
    throw new ParleyError('forbidden', `An operator with the role "${actor.role}" lacks the scope ${named} that ${route} needs.`, {
      required_scope: scope,
      ...alternatives,
      role: actor.role,
      role_scopes: ROLE_SCOPES[actor.role],
    })
  }
}

/** Refuses a request that did not come with a login session (an API key has no session to show or end). */
export async function requireSession(request: FastifyRequest): Promise<void> {
  if (!request.session) throw new ParleyError('forbidden', `${request.method} ${request.routeOptions.url ?? request.url} is about a login session: send the session cookie, not an API key.`)
}
