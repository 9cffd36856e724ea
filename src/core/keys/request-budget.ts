import type { Duration, Instant } from '../shared/time.js'
import type { KeyRateLimit } from './model.js'

/** A key's token bucket: what it held when last looked at. */
export interface Bucket {
  tokens: number
  at: Instant
}

export type TakeResult = { kind: 'granted'; bucket: Bucket } | { kind: 'refused'; bucket: Bucket; retryAfter: Duration }

/**
 * Takes one request's token from a bucket refilled at `limit.perSecond` up to `limit.burst`
 * (a bucket never seen starts full). A refusal says how long until a token is there again.
 */
export function takeRequestToken(bucket: Bucket | undefined, limit: KeyRateLimit, now: Instant): TakeResult {
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0
  const tokens = bucket ? Math.min(limit.burst, bucket.tokens + (elapsed / 1000) * limit.perSecond) : limit.burst
  if (tokens >= 1) return { kind: 'granted', bucket: { tokens: tokens - 1, at: now } }
  return { kind: 'refused', bucket: { tokens, at: now }, retryAfter: ((1 - tokens) / limit.perSecond) * 1000 }
}
