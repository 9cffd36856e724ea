import type { Instant } from '../shared/time.js'
import type { ApiKey, KeyRateLimit, KeySource, Scope } from './model.js'

/** A key with what a request needs of it: its scopes and its rate limit. */
export type VerifiedKey = Pick<ApiKey, 'id' | 'name' | 'scopes' | 'rateLimit'>

export type EnvironmentKeyResult =
  | { kind: 'unchanged' }
  | { kind: 'adopted'; revokedPrevious: boolean }
  | { kind: 'revoked_before'; id: string; revokedAt: Instant }

/** The stored API keys. Secrets are shown once, at creation, and kept only as a salted hash. */
export interface ApiKeyStore {
  /** Creates a key; the answer carries its secret, which nothing can show again. */
  create(input: { name: string; scopes: Scope[]; source: KeySource; rateLimit: KeyRateLimit | null }, now: Instant): Promise<{ key: ApiKey; secret: string }>
  /**
   * Stores a key chosen outside Parley (PARLEY_API_KEY) as the one key from the environment:
   * nothing changes when it is already the active one; otherwise the previous one is revoked. A
   * key revoked once (by rotation or by hand) is not taken back.
   */
  adoptEnvironmentKey(secret: string, now: Instant): Promise<EnvironmentKeyResult>
  /** Every key, newest first, with revoked ones when asked. */
  list(options: { includeRevoked: boolean }): Promise<ApiKey[]>
  /** Revokes an active key; false when there is no active key with that id. */
  revoke(id: string, now: Instant): Promise<boolean>
  /** How many keys are active. */
  countActive(): Promise<number>
  /** The active key a presented secret belongs to, or null. */
  verify(secret: string): Promise<VerifiedKey | null>
}
