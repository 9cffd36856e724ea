/**
 * Sorting network failures into "certainly never reached the server" (safe to resend) and "may
 * have been received" (in doubt). A resend in the second case can deliver a message twice, so
 * anything not known to be safe counts as in doubt once the request was written to a socket.
 */
export type NetworkFailure = { kind: 'not_sent'; message: string } | { kind: 'no_answer'; message: string }

/** Failures that happen before a request is on the wire: connecting, resolving, routing. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
])

/** The error code undici or Node attached, looking through `cause` (undici wraps some errors). */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Classifies a failed request. `written` says whether undici had handed the request to a socket:
 * before that the server cannot have seen it, whatever the code (a reset during a TLS handshake is
 * still "not sent"). The connect-phase codes prove the same on their own, so the answer stays right
 * even if a future undici reports the request's start earlier.
 */
export function classifyNetworkError(error: unknown, written: boolean): NetworkFailure {
  const code = networkErrorCode(error)
  const text = error instanceof Error ? error.message : String(error)
  const message = code ? `${code}: ${text}` : text
  if (!written || (code !== undefined && NOT_SENT_CODES.has(code))) return { kind: 'not_sent', message }
  // UND_ERR_HEADERS_TIMEOUT, UND_ERR_BODY_TIMEOUT, UND_ERR_SOCKET, ECONNRESET, EPIPE and anything
  // unknown: the bytes may have been read and acted on.
  return { kind: 'no_answer', message }
}
