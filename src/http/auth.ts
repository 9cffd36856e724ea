import type { FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'

export interface ApiKeyVerifier {
  verify(key: string): Promise<{ id: string; name: string; role: 'admin' } | null>
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: { id: string; name: string; role: 'admin' }
  }
}

// The scheme name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same scheme.
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]{16,256})$/i

/** Checks `Authorization: Bearer <key>` against the stored key hashes; 401 without a valid key. */
export function bearerAuth(keys: ApiKeyVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '')
    const key = match?.[1] ? await keys.verify(match[1]) : null
    if (!key) throw new ParleyError('unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".')
    request.apiKey = key
  }
}
