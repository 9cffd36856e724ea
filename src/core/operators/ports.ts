import type { Scope } from '../keys/model.js'
import type { Duration, Instant } from '../shared/time.js'
import type { Operator, OperatorChange, Role } from './model.js'

/** Who made a request: a person logged in with a session, or a machine with an API key. */
export type Actor = { kind: 'operator'; id: string; role: Role } | { kind: 'key'; id: string; scopes: Scope[] }

/** The people who use the inbox. */
export interface OperatorStore {
  /** Adds an operator; `exists` when the (lower-cased) e-mail address is taken. */
  add(input: { email: string; name: string; role: Role; passwordHash: string; seesAllTeams?: boolean }, now: Instant): Promise<{ kind: 'added'; operator: Operator } | { kind: 'exists' }>
  /** The operator with this e-mail address and their password's hash, disabled ones included. */
  findForLogin(email: string): Promise<{ operator: Operator; passwordHash: string } | null>
  /** Every operator, oldest first. */
  list(): Promise<Operator[]>
  /** Disables an operator and ends their sessions; null when there is no active one with that address. */
  disable(email: string, now: Instant): Promise<Operator | null>
  /** The operator with this id, disabled or not. */
  get(id: string): Promise<Operator | null>
  /** Changes what `change` names (disabling ends their sessions); null when there is no such operator. */
  update(id: string, change: OperatorChange, now: Instant): Promise<Operator | null>
}

/** A session as a request finds it: whose it is, and the CSRF token state changes must carry. */
export interface ActiveSession {
  id: string
  operator: Operator
  csrfToken: string
  lastSeenAt: Instant
  expiresAt: Instant
}

/** Login sessions. Tokens are shown once, to the browser; only a hash of each is stored. */
export interface OperatorSessions {
  /** Starts a session lasting `ttl` from `now` unless used again; the answer carries its token. */
  start(operatorId: string, now: Instant, ttl: Duration): Promise<{ token: string; csrfToken: string; expiresAt: Instant }>
  /** The live session a token belongs to (not revoked, not expired, its operator not disabled), or null. */
  find(token: string, now: Instant): Promise<ActiveSession | null>
  /** Moves a session's expiry to `ttl` after `now` (sliding expiry). */
  touch(sessionId: string, now: Instant, ttl: Duration): Promise<void>
  /** Ends one session; false when it was not live. */
  revoke(sessionId: string, now: Instant): Promise<boolean>
  /** Ends every live session of an operator; how many were ended. */
  revokeAll(operatorId: string, now: Instant): Promise<number>
}

/** Slow, salted password hashes. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /**
   * Whether `password` is the one hashed as `encoded`. With `encoded` null (no such operator) it
   * does the same work against a dummy hash and answers false, so that timing does not tell
   * which e-mail addresses exist.
   */
  verify(password: string, encoded: string | null): Promise<boolean>
}

/** What an audit entry is about. */
export interface AuditTarget {
  kind: string
  id: string
}

export interface AuditEntry {
  id: number
  at: Instant
  actor: { kind: Actor['kind']; id: string }
  action: string
  target: AuditTarget | null
  details: Record<string, unknown>
}

/** Who opened and who sent what: written as it happens, read newest first by admins. */
export interface AuditLog {
  /** Records that `actor` did `action` now. */
  record(entry: { actor: Pick<Actor, 'kind' | 'id'>; action: string; target?: AuditTarget; details?: Record<string, unknown> }): Promise<void>
  /** Entries newest first, older than the cursor `before` (an entry id) when given. */
  list(query: { limit: number; before?: number; actorId?: string; action?: string }): Promise<AuditEntry[]>
}
