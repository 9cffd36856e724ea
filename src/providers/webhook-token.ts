import { createHash, timingSafeEqual } from 'node:crypto'
import type { WebhookRequest, WebhookVerification } from '../core/providers/provider.js'

/** Constant-time string equality that does not leak the length either: compares fixed-size digests. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * The check for providers that sign nothing (Gupshup, 360dialog: docs/platform.md §7.1, §7.3):
 * the account's secret travels as `?token=` in the callback URL Parley gave the provider, so a
 * request proves itself by knowing it. No token is `missing_signature`, another one (or the
 * parameter twice) `bad_signature`.
 */
export function verifyUrlToken(secret: string, request: WebhookRequest): WebhookVerification {
  let tokens: string[]
  try {
    tokens = new URL(request.url).searchParams.getAll('token')
  } catch {
    return { ok: false, reason: 'missing_signature' }
  }
  if (tokens.length === 0) return { ok: false, reason: 'missing_signature' }
  if (tokens.length > 1 || !sameSecret(tokens[0]!, secret)) return { ok: false, reason: 'bad_signature' }
  return { ok: true }
}
