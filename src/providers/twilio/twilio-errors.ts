import type { ProviderError, SendOutcome } from '../../core/providers/provider.js'
import { MINUTE, SECOND } from '../../core/shared/time.js'
import type { HttpResult } from '../http-client.js'

/**
 * What a Twilio error code means for the message (docs/platform.md §7.2): try again, give up, or
 * wait because Parley sent too fast. `unreachable` marks codes that say the recipient is not on the
 * channel at all (no WhatsApp account, no mobile number), which Parley records on the contact.
 */
export type TwilioErrorRule =
  | { retry: true; throttle?: undefined; retryAfterMs?: number; title: string }
  | { retry: true; throttle: 'sender'; retryAfterMs: number; title: string }
  | { retry: false; unreachable?: true; title: string }

const retry = (title: string, retryAfterMs?: number): TwilioErrorRule => ({ retry: true, title, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
const final = (title: string): TwilioErrorRule => ({ retry: false, title })
const unreachable = (title: string): TwilioErrorRule => ({ retry: false, unreachable: true, title })

/**
 * The codes §7.2 lists, by what they mean. Titles are ours (Twilio's callbacks carry the code
 * alone, often without `ErrorMessage`). A Map: a code must not find Object.prototype.
 */
const RULES: ReadonlyMap<number, TwilioErrorRule> = new Map<number, TwilioErrorRule>([
  [20003, final('Authentication failed: wrong Account SID or auth token')],
  [20404, final('Resource not found (wrong Account SID or Content SID)')],
  [20429, retry('Too many concurrent requests to the Twilio API')],
  [20500, retry('Twilio internal error')],
  [20503, retry('Twilio service unavailable')],
  [21211, unreachable("Invalid 'To' phone number")],
  [21408, final('SMS to this region is not enabled on the account')],
  [21606, final("The 'From' number cannot send SMS")],
  [21610, final('The recipient replied STOP: unsubscribed from this sender')],
  [21612, unreachable("The 'To' number cannot be reached by SMS")],
  [21614, unreachable("'To' is not a mobile number")],
  [21617, final('The message body is longer than 1,600 characters')],
  [21656, final('ContentVariables is not valid JSON of variable names and values')],
  [30001, retry('Queue overflow at Twilio')],
  [30003, final('Unreachable destination handset')],
  [30005, unreachable('Unknown destination handset: the number does not exist')],
  [30006, unreachable('Landline or unreachable carrier')],
  [30007, final('Filtered by the carrier')],
  [30008, final('Unknown delivery error')],
  [63003, unreachable('The channel could not find the To address (not on WhatsApp)')],
  [63007, final("No WhatsApp sender with the 'From' address on this account")],
  [63016, final('Free-form message outside the 24-hour window: a template is required')],
  [63018, { retry: true, throttle: 'sender', retryAfterMs: MINUTE, title: 'Rate limit exceeded for the channel' }],
  [63024, final('Invalid message recipient')],
  [63027, final('The template does not exist in that language, or its parameters do not fit')],
  [63028, final('The number of template variables does not match the template')],
])

/** The rule for a Twilio error code, or `undefined` for one this adapter does not know. */
export function twilioErrorRule(code: number): TwilioErrorRule | undefined {
  return RULES.get(code)
}

/** Twilio's REST error body (docs/platform.md §7.2): `{code, message, more_info, status}`. */
export interface TwilioApiError {
  code: number
  message?: string
  moreInfo?: string
}

/** Reads a Twilio error body from untrusted text; `undefined` without a numeric code. */
export function readTwilioError(body: string): TwilioApiError | undefined {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null) return undefined
  const r = json as Record<string, unknown>
  const code = typeof r.code === 'number' ? r.code : typeof r.code === 'string' && /^\d+$/.test(r.code) ? Number(r.code) : undefined
  if (code === undefined) return undefined
  return {
    code,
    ...(typeof r.message === 'string' && r.message !== '' ? { message: r.message } : {}),
    ...(typeof r.more_info === 'string' && r.more_info !== '' ? { moreInfo: r.more_info } : {}),
  }
}

/** Twilio's code and the best title: its own message, else ours for the code. */
export function toProviderError(error: TwilioApiError): ProviderError {
  const title = error.message ?? twilioErrorRule(error.code)?.title ?? `Twilio error ${error.code}`
  return { code: String(error.code), title, ...(error.moreInfo ? { detail: error.moreInfo } : {}) }
}

/**
 * The outcome of a send Twilio answered with an error status. Unknown codes fall back on the HTTP
 * status: 429 and 5xx are Twilio's trouble (a 429 "is never processed and is always safe to
 * retry", §7.2), any other 4xx is the request's.
 */
export function outcomeOfTwilioError(status: number, headers: Readonly<Record<string, string>>, body: string): SendOutcome {
  const error = readTwilioError(body)
  const retryAfterMs = parseRetryAfter(headers['retry-after'])
  if (!error) {
    const bare = { code: `http_${status}`, title: `HTTP ${status} without a Twilio error body` }
    if (isPassingStatus(status)) return { kind: 'retryable', ...bare, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
    return { kind: 'rejected', ...bare }
  }
  const rule = twilioErrorRule(error.code)
  const providerError = toProviderError(error)
  if (rule ? !rule.retry : !isPassingStatus(status)) return { kind: 'rejected', ...providerError }
  if (rule?.retry && rule.throttle) return { kind: 'throttled', scope: rule.throttle, ...providerError, retryAfterMs: retryAfterMs ?? rule.retryAfterMs }
  const wait = retryAfterMs ?? (rule?.retry ? rule.retryAfterMs : undefined)
  return { kind: 'retryable', ...providerError, ...(wait === undefined ? {} : { retryAfterMs: wait }) }
}

/** HTTP statuses that say "not now" rather than "never": throttling, timeouts, server trouble. */
export function isPassingStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500
}

/** The outcome of a request that got no HTTP response at all. */
export function outcomeOfNetworkFailure(result: Exclude<HttpResult, { kind: 'response' }>): SendOutcome {
  if (result.kind === 'not_sent') return { kind: 'retryable', code: 'network_error', title: 'Request did not reach Twilio', detail: result.message }
  return { kind: 'in_doubt', code: 'no_answer', title: 'No answer from Twilio; the message may have been accepted', detail: result.message }
}

/**
 * The error of a failed or undelivered status callback (`ErrorCode`, maybe `ErrorMessage`).
 * Unknown codes are not retried: the message reached Twilio once, and an unexplained refusal is
 * likelier to repeat than to clear.
 */
export function statusError(code: string, message: string | undefined): ProviderError & { retryable: boolean; unreachable?: true } {
  const rule = /^\d+$/.test(code) ? twilioErrorRule(Number(code)) : undefined
  const title = message ?? (rule?.title || `Twilio error ${code}`)
  if (!rule) return { code, title, retryable: false }
  if (rule.retry) return { code, title, retryable: true }
  return { code, title, retryable: false, ...(rule.unreachable ? { unreachable: true as const } : {}) }
}

/** Retry-After in delta-seconds, the form Twilio sends. */
function parseRetryAfter(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) * SECOND : undefined
}
