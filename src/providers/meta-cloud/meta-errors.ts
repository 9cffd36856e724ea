import type { ProviderError, SendOutcome, ThrottleScope } from '../../core/providers/provider.js'
import { MINUTE, SECOND } from '../../core/shared/time.js'
import type { HttpResult } from '../http-client.js'

/**
 * What a Meta error code means for the message: try again (perhaps after a pause), give up, or wait
 * because Parley sent too fast (a throttle: the message itself is fine).
 */
export type MetaErrorRule =
  | { retry: true; retryAfterMs?: number; throttle?: undefined }
  | { retry: true; retryAfterMs: number; throttle: ThrottleScope }
  | { retry: false }

const RETRY: MetaErrorRule = { retry: true }
const FINAL: MetaErrorRule = { retry: false }
const after = (retryAfterMs: number): MetaErrorRule => ({ retry: true, retryAfterMs })
const throttle = (scope: ThrottleScope, retryAfterMs: number): MetaErrorRule => ({ retry: true, throttle: scope, retryAfterMs })

/**
 * The docs/platform.md §4.2 table, plus Graph's generic transient and rate-limit codes. Only codes
 * whose retry the doc endorses are retryable: a send refused for policy, window, template or
 * recipient reasons fails the same way every time, and resending costs quality rating.
 */
const RULES: ReadonlyMap<number, MetaErrorRule> = new Map<number, MetaErrorRule>([
  [0, FINAL], [190, FINAL], // auth failure / token expired: credentials must be fixed
  [3, FINAL], [10, FINAL], [131005, FINAL], // capability or permission missing
  [1, RETRY], [2, RETRY], // Graph "unknown error" / "service temporarily unavailable"
  [4, RETRY], [17, RETRY], [32, RETRY], [613, RETRY], [80007, RETRY], // Graph app/user/WABA rate limits
  [100, FINAL], [368, FINAL],
  [130429, throttle('sender', SECOND)], // throughput (messages per second per number): the budget refills each second
  [130472, FINAL], [130497, FINAL],
  [131000, RETRY], [131016, RETRY],
  [131008, FINAL], [131009, FINAL], [131021, FINAL], [131026, FINAL], [131031, FINAL], [131042, FINAL],
  [131045, FINAL], [131047, FINAL], [131048, FINAL], [131049, FINAL], [131050, FINAL], [131051, FINAL],
  [131052, FINAL], [131053, FINAL],
  // Pair limit: one message per 6 s to the same user, so a token is back after 6 s. (The doc's
  // 4^n s counts consecutive refusals; Parley sends one message per user at a time, so one wait is enough.)
  [131056, throttle('recipient', 6 * SECOND)],
  [131057, after(MINUTE)], // account maintenance, "≤1 min"
  [132000, FINAL], [132001, FINAL], [132005, FINAL], [132007, FINAL], [132012, FINAL], [132015, FINAL],
  [132016, FINAL], [132018, FINAL], [133010, FINAL],
  [134100, after(MINUTE)], [134101, after(MINUTE)], // template still syncing after create/edit
  [470, FINAL], // legacy On-Premises/BSP "outside the window", as 131047
])

/** Graph reserves 200–299 for permission errors. */
const isPermissionCode = (code: number): boolean => code >= 200 && code <= 299

/**
 * The rule for a Meta error code, or `undefined` when the code is unknown. The subcode is accepted
 * for codes whose meaning it refines; no §4.2 code needs it for the retry decision yet.
 */
export function metaErrorRule(code: number, _subcode?: number): MetaErrorRule | undefined {
  return RULES.get(code) ?? (isPermissionCode(code) ? FINAL : undefined)
}

/** A Meta error as it appears in a send response (`error`) or a failed status (`errors[0]`). */
export interface MetaError {
  code: number
  error_subcode?: number
  title?: string
  message?: string
  error_user_title?: string
  error_data?: { details?: string }
}

/** Reads a Meta error object from untrusted JSON, keeping only well-typed fields; `undefined` without a numeric code. */
export function readMetaError(raw: unknown): MetaError | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const r = raw as Record<string, unknown>
  if (typeof r.code !== 'number') return undefined
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)
  const details = text((r.error_data as { details?: unknown } | undefined)?.details)
  const error: MetaError = { code: r.code }
  if (typeof r.error_subcode === 'number') error.error_subcode = r.error_subcode
  for (const key of ['title', 'message', 'error_user_title'] as const) {
    const value = text(r[key])
    if (value !== undefined) error[key] = value
  }
  if (details !== undefined) error.error_data = { details }
  return error
}

/** Keeps Meta's code and the best title it gave; the `(#123) ` prefix of `message` is noise. */
export function toProviderError(error: MetaError): ProviderError {
  const title = error.title ?? error.error_user_title ?? error.message?.replace(/^\(#\d+\)\s*/, '') ?? `Meta error ${error.code}`
  const details = [error.error_data?.details, error.error_subcode === undefined ? undefined : `subcode ${error.error_subcode}`]
  const detail = details.filter((part): part is string => Boolean(part)).join('; ')
  return { code: String(error.code), title, ...(detail ? { detail } : {}) }
}

/**
 * Whether a failed-status error is worth another attempt. Unknown codes are not: the message
 * already reached Meta once, and an unexplained refusal is likelier to repeat than to clear.
 */
export function isRetryableMetaError(error: MetaError): boolean {
  return metaErrorRule(error.code, error.error_subcode)?.retry ?? false
}

/**
 * The outcome of a send Meta answered with an error envelope. Unknown codes fall back on the HTTP
 * status only because nothing better exists: 5xx means Meta's trouble (retry), 4xx ours.
 */
export function outcomeOfMetaError(error: MetaError, httpStatus: number): SendOutcome {
  const rule = metaErrorRule(error.code, error.error_subcode) ?? (httpStatus >= 500 ? RETRY : FINAL)
  return outcomeOfRule(rule, toProviderError(error))
}

/** A send refused with `error`, as the rule for its code says: rejected, throttled or retryable. BSPs whose codes have rules of this shape use it too. */
export function outcomeOfRule(rule: MetaErrorRule, error: ProviderError): SendOutcome {
  if (!rule.retry) return { kind: 'rejected', ...error }
  if (rule.throttle) return { kind: 'throttled', scope: rule.throttle, ...error, retryAfterMs: rule.retryAfterMs }
  return { kind: 'retryable', ...error, ...(rule.retryAfterMs === undefined ? {} : { retryAfterMs: rule.retryAfterMs }) }
}

/** The outcome of a request that got no HTTP response at all; `provider` names who did not answer (Meta, or the BSP in front of it). */
export function outcomeOfNetworkFailure(result: Exclude<HttpResult, { kind: 'response' }>, provider = 'Meta'): SendOutcome {
  if (result.kind === 'not_sent') return { kind: 'retryable', code: 'network_error', title: `Request did not reach ${provider}`, detail: result.message }
  return { kind: 'in_doubt', code: 'no_answer', title: `No answer from ${provider}; the message may have been accepted`, detail: result.message }
}

/**
 * The outcome of an HTTP error status whose body is not a Graph error (a proxy's HTML page, an
 * empty 503). Throttling and server trouble are worth retrying; anything else is a client fault.
 */
export function outcomeOfBareStatus(status: number, headers: Readonly<Record<string, string>>): SendOutcome {
  const error = { code: `http_${status}`, title: `HTTP ${status} without a Graph error body` }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'])
    return { kind: 'retryable', ...error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  }
  if (isPassingStatus(status)) return { kind: 'retryable', ...error }
  return { kind: 'rejected', ...error }
}

/** HTTP statuses that say "not now" rather than "never": throttling, timeouts, server trouble. */
export function isPassingStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500
}

/** Retry-After in delta-seconds; the HTTP-date form would need the clock, and Graph does not send it. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) * SECOND : undefined
}
