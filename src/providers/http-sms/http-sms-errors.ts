import type { ProviderError, SendOutcome } from '../../core/providers/provider.js'
import { SECOND } from '../../core/shared/time.js'
import type { HttpResult } from '../http-client.js'

/*
 * How the generic SMS gateway protocol's errors are classified (docs/platform.md §7.5). A gateway
 * names its own codes; these are the ones the protocol defines, and the HTTP status decides the rest.
 */

/** Receipt error codes that say the number cannot get SMS at all: no such number, not a mobile. */
const UNREACHABLE: ReadonlySet<string> = new Set(['unreachable', 'invalid_number', 'unknown_number', 'not_mobile', 'landline'])
/** Receipt error codes worth another attempt: the gateway or the carrier was busy. */
const PASSING: ReadonlySet<string> = new Set(['throttled', 'temporary_failure', 'carrier_timeout'])

/** The error of a `failed` delivery receipt. Unknown codes are not retried: the gateway had the message once. */
export function receiptError(code: string | undefined): ProviderError & { retryable: boolean; unreachable?: true } {
  const known = code ?? 'unknown'
  if (UNREACHABLE.has(known)) return { code: known, title: 'The number cannot receive SMS', retryable: false, unreachable: true }
  if (PASSING.has(known)) return { code: known, title: 'The gateway could not deliver it yet', retryable: true }
  if (known === 'opted_out') return { code: known, title: 'The recipient opted out (STOP) at the gateway', retryable: false }
  return { code: known, title: `Delivery failed (${known})`, retryable: false }
}

/** A gateway's error answer: `{error: {code, message}}`, `{code, message}` or `{error: "…"}`. */
function readGatewayError(body: string): { code?: string; message?: string } {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return {}
  }
  const r = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
  const inner = typeof r.error === 'object' && r.error !== null ? (r.error as Record<string, unknown>) : r
  const code = typeof inner.code === 'string' || typeof inner.code === 'number' ? String(inner.code) : typeof r.error === 'string' ? r.error : undefined
  const message = typeof inner.message === 'string' ? inner.message : undefined
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) }
}

/**
 * The outcome of a send the gateway answered with an error status: 429, 408 and 5xx are passing
 * trouble (a 429's Retry-After is kept), any other status is a refusal of this request.
 */
export function outcomeOfGatewayError(status: number, headers: Readonly<Record<string, string>>, body: string): SendOutcome {
  const error = readGatewayError(body)
  const providerError = { code: error.code ?? `http_${status}`, title: error.message ?? `The SMS gateway answered HTTP ${status}` }
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfter = headers['retry-after']?.trim()
    return { kind: 'retryable', ...providerError, ...(retryAfter && /^\d+$/.test(retryAfter) ? { retryAfterMs: Number(retryAfter) * SECOND } : {}) }
  }
  return { kind: 'rejected', ...providerError }
}

/** The outcome of a request that got no HTTP response at all. */
export function outcomeOfNetworkFailure(result: Exclude<HttpResult, { kind: 'response' }>): SendOutcome {
  if (result.kind === 'not_sent') return { kind: 'retryable', code: 'network_error', title: 'Request did not reach the SMS gateway', detail: result.message }
  return { kind: 'in_doubt', code: 'no_answer', title: 'No answer from the SMS gateway; the message may have been accepted', detail: result.message }
}
