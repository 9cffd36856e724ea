import type { ProviderError, SendOutcome, StatusEvent } from '../../core/providers/provider.js'
import { SECOND } from '../../core/shared/time.js'
import { isPassingStatus, type MetaErrorRule, metaErrorRule, outcomeOfRule, parseRetryAfter, readMetaError } from '../meta-cloud/meta-errors.js'

const FINAL: MetaErrorRule = { retry: false }
const RETRY: MetaErrorRule = { retry: true }

/**
 * Gupshup's own codes (docs/platform.md §7.1). Meta's codes pass through Gupshup unchanged and keep
 * Meta's rules (meta-errors.ts); the two ranges do not overlap.
 */
const GUPSHUP_RULES: ReadonlyMap<number, MetaErrorRule> = new Map<number, MetaErrorRule>([
  [1002, FINAL], // the number is not on WhatsApp
  // Wallet balance low: money must be added by hand first, like Meta's 131042 payment issue; retries would only pile up.
  [1003, FINAL],
  [1004, FINAL], [1005, FINAL], [1006, FINAL], [1007, FINAL], [1008, FINAL], // legacy template / opt-in refusals
  [1010, FINAL], [1011, FINAL], // media URL invalid, media too large
  [1012, FINAL], // the user opted out
  [4001, { retry: true, throttle: 'sender', retryAfterMs: SECOND }], // Gupshup's API rate limit: Parley sent too fast
  [4002, RETRY], // an unreadable answer from WhatsApp: Gupshup's trouble, not the message's
  [4003, FINAL], // no template matched
])

/** Codes that mean the recipient is not on WhatsApp: Gupshup's 1002, and Meta's 131026 passed through. */
const UNREACHABLE: ReadonlySet<number> = new Set([1002, 131026])

/** The rule for a code Gupshup reported (its own or Meta's), or `undefined` when neither knows it. */
export function gupshupErrorRule(code: number): MetaErrorRule | undefined {
  return GUPSHUP_RULES.get(code) ?? metaErrorRule(code)
}

/** An error as Gupshup's JSON states it: the code when it gives one (as a string), and its words. */
export interface GupshupError {
  code?: string
  message: string
}

/**
 * Reads an error answer: `{"status":"error","message":…}` with a code beside it or inside
 * `message` (the shape varies, §7.1), or Meta's `{"error":{code,…}}` passed through. `undefined`
 * for anything else, including a success.
 */
export function readGupshupError(json: unknown): GupshupError | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const r = json as Record<string, unknown>
  const meta = readMetaError(r.error)
  if (meta) return { code: String(meta.code), message: meta.message ?? meta.title ?? `Meta error ${meta.code}` }
  if (r.status !== 'error') return undefined
  const inner = typeof r.message === 'object' && r.message !== null ? (r.message as Record<string, unknown>) : undefined
  const code = codeOf(r.code) ?? codeOf(r.errorCode) ?? codeOf(inner?.code)
  const words = [r.message, inner?.message, inner?.reason, r.reason].find((w): w is string => typeof w === 'string' && w !== '')
  return { ...(code === undefined ? {} : { code }), message: words ?? (code ? `Gupshup error ${code}` : 'Gupshup answered with an error') }
}

function codeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value)
  return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined
}

/**
 * The outcome of a send Gupshup refused. A code with a rule decides; otherwise the HTTP status:
 * 429 is Parley sending too fast, 5xx and timeouts Gupshup's trouble, anything else (401 and 403
 * included: the key must be fixed) a refusal.
 */
export function outcomeOfGupshupRefusal(status: number, headers: Readonly<Record<string, string>>, error: GupshupError | undefined): SendOutcome {
  const providerError: ProviderError = { code: error?.code ?? `http_${status}`, title: error?.message ?? `HTTP ${status} from Gupshup` }
  const rule = error?.code === undefined ? undefined : gupshupErrorRule(Number(error.code))
  if (rule) return outcomeOfRule(rule, providerError)
  if (status === 429) return { kind: 'throttled', scope: 'sender', ...providerError, retryAfterMs: parseRetryAfter(headers['retry-after']) ?? SECOND }
  if (isPassingStatus(status)) return { kind: 'retryable', ...providerError }
  return { kind: 'rejected', ...providerError }
}

/**
 * The error of a `failed` message-event (`code`, `reason`). Unknown codes are final, as for Meta:
 * the message reached Gupshup once, and an unexplained refusal is likelier to repeat than to clear.
 */
export function failedEventError(code: unknown, reason: unknown): NonNullable<StatusEvent['error']> {
  const given = codeOf(code)
  if (given === undefined) return { code: 'unknown', title: typeof reason === 'string' && reason ? reason : 'Failed event without a readable code', retryable: false }
  const numeric = Number(given)
  return {
    code: given,
    title: typeof reason === 'string' && reason !== '' ? reason : `Gupshup error ${given}`,
    retryable: gupshupErrorRule(numeric)?.retry ?? false,
    ...(UNREACHABLE.has(numeric) ? { unreachable: true } : {}),
  }
}
