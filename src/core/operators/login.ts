import type { Clock } from '../ports.js'
import type { Duration } from '../shared/time.js'
import type { LoginThrottle } from './login-throttle.js'
import { normalEmail, type Operator } from './model.js'
import type { AuditLog, OperatorSessions, OperatorStore, PasswordHasher } from './ports.js'

export interface LoginDeps {
  operators: OperatorStore
  sessions: OperatorSessions
  passwords: PasswordHasher
  audit: AuditLog
  throttle: LoginThrottle
  clock: Clock
  sessionTtlMs: Duration
}

export type LoginResult =
  | { kind: 'logged_in'; operator: Operator; token: string; csrfToken: string }
  | { kind: 'refused' }
  | { kind: 'rate_limited'; retryAfterMs: Duration }

/**
 * Checks an e-mail address and password and starts a session. A wrong password, an unknown
 * address and a disabled operator get the same refusal after the same work; too many failures
 * for the address or the client's IP refuse every try, right or wrong, for a while.
 */
export async function login(deps: LoginDeps, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const email = normalEmail(input.email)
  const keys = [`email:${email}`, `ip:${input.ip}`]
  const wait = deps.throttle.retryAfter(keys, deps.clock.now())
  if (wait > 0) return { kind: 'rate_limited', retryAfterMs: wait }

  const found = await deps.operators.findForLogin(email)
  const matches = await deps.passwords.verify(input.password, found?.passwordHash ?? null)
  if (!found || !matches || found.operator.disabledAt !== null) {
    deps.throttle.failed(keys, deps.clock.now())
    return { kind: 'refused' }
  }
  deps.throttle.clear(keys[0]!)
  const now = deps.clock.now()
  const { token, csrfToken } = await deps.sessions.start(found.operator.id, now, deps.sessionTtlMs)
  await deps.audit.record({ actor: { kind: 'operator', id: found.operator.id }, action: 'session.login', details: { ip: input.ip } })
  return { kind: 'logged_in', operator: found.operator, token, csrfToken }
}
