import { z } from 'zod'
import type { Instant } from '../shared/time.js'

/**
 * What a key may do. `admin` implies every other scope (and alone reaches the rules, the keys and
 * anything without a narrower scope).
 */
export const SCOPES = ['messages:send', 'messages:read', 'templates', 'events', 'webhooks', 'admin'] as const

export type Scope = (typeof SCOPES)[number]

/** How a key came to be: from PARLEY_API_KEY, generated at first start, or created through the API or CLI. */
export type KeySource = 'env' | 'generated' | 'created'

/** A key's own request rate limit: a token bucket refilled at `perSecond`, holding at most `burst`. */
export interface KeyRateLimit {
  perSecond: number
  burst: number
}

/** An API key as listed: never its secret, nor anything derived from it. */
export interface ApiKey {
  id: string
  name: string
  scopes: Scope[]
  source: KeySource
  /** Null: the deployment's default limit (PARLEY_API_KEY_RATE_PER_SECOND / _BURST). */
  rateLimit: KeyRateLimit | null
  createdAt: Instant
  revokedAt: Instant | null
}

/** Whether a key holding `held` may act where `needed` is required. */
export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.includes('admin') || held.includes(needed)
}

export const rateLimitSchema = z
  .object({
    per_second: z.number().min(0.001).max(100_000).describe('Requests per second refilled (fractions allowed: 0.5 is one every two seconds)'),
    burst: z.number().int().min(1).max(1_000_000).describe('Requests that may come at once after a quiet period'),
  })
  .strict()

/** What creating a key takes, at the API and the CLI alike. */
export const newApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(SCOPES))
      .min(1)
      .max(SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, 'each scope once'),
    rate_limit: rateLimitSchema.optional().describe("This key's own limit; without it the deployment's default applies"),
  })
  .strict()

export type NewApiKey = z.output<typeof newApiKeySchema>
