import type { FastifyReply, FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'
import { grants, type Scope } from '../core/keys/model.js'
import type { VerifiedKey } from '../core/keys/ports.js'

export interface ApiKeyVerifier {
  verify(key: string): Promise<VerifiedKey | null>
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: VerifiedKey
  }
}

// The scheme name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same scheme.
// Keys are at least 32 characters (PARLEY_API_KEY is refused shorter; minted ones are 63).
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]{32,256})$/i

/** Checks `Authorization: Bearer <key>` against the stored keys; 401 without a valid key. */
export function bearerAuth(keys: ApiKeyVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '')
    const key = match?.[1] ? await keys.verify(match[1]) : null
    if (!key) throw new ParleyError('unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".')
    request.apiKey = key
  }
}

/** Refuses, with 403 `forbidden` naming the scope, a request whose key (checked before) lacks `scope`. */
export function requireScope(scope: Scope) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const key = request.apiKey
    if (!key) throw new ParleyError('unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".')
    if (!grants(key.scopes, scope)) {
      throw new ParleyError('forbidden', `This key (${key.id}) lacks the scope "${scope}" that ${request.method} ${request.routeOptions.url ?? request.url} needs.`, {
        required_scope: scope,
        key_scopes: key.scopes,
      })
    }
  }
}
