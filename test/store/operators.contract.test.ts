import { createHash } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { AuditLog, OperatorSessions, OperatorStore } from '../../src/core/operators/ports.js'
import { createAuditLog } from '../../src/store/audit-log.js'
import { createOperatorSessions } from '../../src/store/operator-sessions.js'
import { createOperatorStore } from '../../src/store/operators.js'
import { createIds } from '../../src/runtime/ids.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { manualClock } from '../support/harness.js'

/** Whether no 8-character piece of `secret` is in `stored`. */
function noPieceOf(stored: string, secret: string): boolean {
  for (let i = 0; i + 8 <= secret.length; i++) if (stored.includes(secret.slice(i, i + 8))) return false
  return true
}

const T0 = 1_800_000_000_000
const HOUR = 3_600_000
const HASH = 'scrypt$32768$8$3$c2FsdA$aGFzaA'

describeEachDatabase('operator store, sessions and audit log', (dialect) => {
  let t: TestDatabase
  let operators: OperatorStore
  let sessions: OperatorSessions
  let audit: AuditLog
  const clock = manualClock(T0)
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    operators = createOperatorStore(t.database, createIds())
    sessions = createOperatorSessions(t.database)
    audit = createAuditLog(t.database, clock)
  })
  afterEach(async () => t.close())

  const add = (email: string, role: 'admin' | 'operator' | 'viewer' = 'operator') => operators.add({ email, name: email, role, passwordHash: HASH }, T0)

  it('adds operators with op_ ids, refuses a taken address, lists oldest first and finds one with its hash', async () => {
    const a = await add('ann@example.com', 'admin')
    expect(a).toMatchObject({ kind: 'added', operator: { id: expect.stringMatching(/^op_/), email: 'ann@example.com', role: 'admin', disabledAt: null } })
    expect(await add('ann@example.com')).toEqual({ kind: 'exists' })
    await add('bob@example.com', 'viewer')
    expect((await operators.list()).map((o) => [o.email, o.role])).toEqual([
      ['ann@example.com', 'admin'],
      ['bob@example.com', 'viewer'],
    ])
    expect(await operators.findForLogin('ann@example.com')).toMatchObject({ passwordHash: HASH, operator: { email: 'ann@example.com' } })
    expect(await operators.findForLogin('nobody@example.com')).toBeNull()
  })

  it('stores only a hash of a session token; finds the session until it expires, is revoked or its operator disabled', async () => {
    const added = await add('ann@example.com')
    if (added.kind !== 'added') throw new Error('not added')
    const id = added.operator.id
    const first = await sessions.start(id, T0, HOUR)
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await t.database.db.selectFrom('operator_sessions').selectAll().execute()
    // The row is named by the token's SHA-256 (a token of 256 random bits needs no salt): no piece of the token itself.
    expect(rows.map((r) => r.id)).toEqual([createHash('sha256').update(first.token).digest('base64url')])
    for (const secret of [first.token, first.csrfToken]) expect(noPieceOf(JSON.stringify(rows), secret), secret).toBe(true)

    const found = await sessions.find(first.token, T0 + HOUR - 1)
    expect(found).toMatchObject({ operator: { id, role: 'operator' }, csrfToken: first.csrfToken, expiresAt: T0 + HOUR })
    expect(await sessions.find(first.token, T0 + HOUR)).toBeNull()
    await sessions.touch(found!.id, T0 + HOUR - 1, HOUR)
    expect(await sessions.find(first.token, T0 + HOUR)).not.toBeNull()
    expect(await sessions.find(otherToken(first.token), T0)).toBeNull()

    expect(await sessions.revoke(found!.id, T0 + 1)).toBe(true)
    expect(await sessions.revoke(found!.id, T0 + 2)).toBe(false)
    expect(await sessions.find(first.token, T0 + 2)).toBeNull()

    const [b, c] = [await sessions.start(id, T0, HOUR), await sessions.start(id, T0, HOUR)]
    expect(await sessions.revokeAll(id, T0 + 3)).toBe(2)
    for (const s of [b, c]) expect(await sessions.find(s.token, T0 + 4)).toBeNull()

    const d = await sessions.start(id, T0, HOUR)
    expect((await operators.disable('ann@example.com', T0 + 5))?.disabledAt).toBe(T0 + 5)
    expect(await operators.disable('ann@example.com', T0 + 6)).toBeNull()
    expect(await sessions.find(d.token, T0 + 6)).toBeNull()
  })

  it('keeps an audit log read newest first, by cursor, actor and action', async () => {
    clock.set(T0)
    await audit.record({ actor: { kind: 'operator', id: 'op_a' }, action: 'session.login' })
    clock.set(T0 + 1)
    await audit.record({ actor: { kind: 'operator', id: 'op_a' }, action: 'message.sent', target: { kind: 'message', id: 'msg_1' }, details: { to: '+4915112345678' } })
    await audit.record({ actor: { kind: 'key', id: 'key_b' }, action: 'message.sent', target: { kind: 'message', id: 'msg_2' } })
    const all = await audit.list({ limit: 10 })
    expect(all.map((e) => [e.actor.id, e.action, e.target?.id ?? null])).toEqual([
      ['key_b', 'message.sent', 'msg_2'],
      ['op_a', 'message.sent', 'msg_1'],
      ['op_a', 'session.login', null],
    ])
    expect(all[1]).toMatchObject({ at: T0 + 1, details: { to: '+4915112345678' } })
    expect((await audit.list({ limit: 10, before: all[0]!.id })).length).toBe(2)
    expect((await audit.list({ limit: 10, actorId: 'op_a', action: 'message.sent' })).map((e) => e.target?.id)).toEqual(['msg_1'])
  })
})

/** The token with its last character changed (a fixed replacement would equal it one time in 64). */
function otherToken(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
}
