import type { ProviderError } from '../../core/providers/provider.js'
import type { HttpClient, HttpRequest, HttpResult } from '../http-client.js'
import { isPassingStatus } from '../meta-cloud/meta-errors.js'
import type { ResolvedGupshupAccount } from './gupshup-account.js'
import { readGupshupError } from './gupshup-errors.js'

/** One call to Gupshup: a path on the API or the partner API, a form body when it has one. */
export interface GupshupCall {
  method: 'GET' | 'POST' | 'PUT'
  /** `api` (self-serve, `apikey`) or `partner` (templates; its app token too, when configured). */
  api: 'api' | 'partner'
  path: string
  form?: Readonly<Record<string, string>>
  signal?: AbortSignal
}

/** docs/platform.md §7.1: the `apikey` header on every call, bodies form-encoded. */
export function gupshupRequest(account: ResolvedGupshupAccount, call: GupshupCall): HttpRequest {
  const base = call.api === 'partner' ? account.partnerBaseUrl : account.baseUrl
  const headers: Record<string, string> = { apikey: account.apiKey, accept: 'application/json' }
  if (call.api === 'partner' && account.partnerAppToken) headers.authorization = account.partnerAppToken
  if (call.form) headers['content-type'] = 'application/x-www-form-urlencoded'
  return {
    method: call.method,
    url: `${base}${call.path}`,
    headers,
    ...(call.form ? { body: new URLSearchParams(call.form).toString() } : {}),
    timeoutMs: account.requestTimeoutMs,
    ...(call.signal ? { signal: call.signal } : {}),
  }
}

/** JSON, or `undefined`: Gupshup labels some JSON answers `text/html` (§7.1), so the body is read whatever the content type. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** A management call (templates, opt-ins) that did not succeed. */
export type GupshupFailure = { kind: 'refused'; error: ProviderError } | { kind: 'retryable'; error: ProviderError }

export type GupshupAnswer = { ok: true; status: number; json: unknown } | { ok: false; failure: GupshupFailure }

/**
 * One management call. Unlike a send, nothing here is in doubt: a call that got no answer is
 * retryable, and one repeated after it landed is refused as a duplicate or changes nothing.
 * `status: "error"` in a 2xx body is a refusal too.
 */
export async function callGupshup(account: ResolvedGupshupAccount, http: HttpClient, call: GupshupCall): Promise<GupshupAnswer> {
  const result = await http.request(gupshupRequest(account, call))
  if (result.kind !== 'response') return { ok: false, failure: networkFailure(result) }
  const json = parseJson(result.body)
  const error = readGupshupError(json)
  if (result.status >= 200 && result.status < 300 && !error) return { ok: true, status: result.status, json }
  const providerError: ProviderError = error
    ? { code: error.code ?? `http_${result.status}`, title: error.message }
    : { code: `http_${result.status}`, title: `HTTP ${result.status} from Gupshup`, ...(result.body ? { detail: result.body.slice(0, 200) } : {}) }
  return { ok: false, failure: { kind: isPassingStatus(result.status) ? 'retryable' : 'refused', error: providerError } }
}

function networkFailure(result: Exclude<HttpResult, { kind: 'response' }>): GupshupFailure {
  const title = result.kind === 'not_sent' ? 'Request did not reach Gupshup' : 'No answer from Gupshup; the change may have been made'
  return { kind: 'retryable', error: { code: result.kind === 'not_sent' ? 'network_error' : 'no_answer', title, detail: result.message } }
}
