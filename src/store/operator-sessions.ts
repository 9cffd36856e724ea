import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { OperatorSessions } from '../core/operators/ports.js'
import type { Database } from './dialect.js'

/**
 * A session's row id: SHA-256 of its 256-bit random token. A fast hash suffices where the input
 * cannot be guessed, and the database then holds nothing a cookie could be made from.
 */
function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/**
 * The session's CSRF token, derived from its token rather than stored: only the holder of the
 * cookie can know it, and the page reads it from the login answer or GET /v1/session. A
 * cross-site form can send the cookie but cannot read or compute this.
 */
function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('parley csrf token').digest('base64url')
}

/** The OperatorSessions port over Kysely. */
export function createOperatorSessions(database: Database): OperatorSessions {
  const { db } = database
  return {
    async start(operatorId, now, ttl) {
      const token = randomBytes(32).toString('base64url')
      const expiresAt = now + ttl
      await db.insertInto('operator_sessions').values({ id: sessionIdOf(token), operator_id: operatorId, created_at: now, last_seen_at: now, expires_at: expiresAt, revoked_at: null }).execute()
      return { token, csrfToken: csrfTokenOf(token), expiresAt }
    },

    async find(token, now) {
      const row = await db
        .selectFrom('operator_sessions as s')
        .innerJoin('operators as o', 'o.id', 's.operator_id')
        .select(['s.id', 's.last_seen_at', 's.expires_at', 'o.id as operator_id', 'o.email', 'o.name', 'o.role', 'o.created_at', 'o.sees_all_teams'])
        .where('s.id', '=', sessionIdOf(token))
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', now)
        .where('o.disabled_at', 'is', null)
        .executeTakeFirst()
      if (!row) return null
      return {
        id: row.id,
        operator: { id: row.operator_id, email: row.email, name: row.name, role: row.role, createdAt: Number(row.created_at), disabledAt: null, seesAllTeams: Number(row.sees_all_teams) === 1 },
        csrfToken: csrfTokenOf(token),
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }
    },

    async touch(sessionId, now, ttl) {
      await db.updateTable('operator_sessions').set({ last_seen_at: now, expires_at: now + ttl }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute()
    },

    async revoke(sessionId, now) {
      const result = await db.updateTable('operator_sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },

    async revokeAll(operatorId, now) {
      const result = await db.updateTable('operator_sessions').set({ revoked_at: now }).where('operator_id', '=', operatorId).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}
