import type { ApiKeyStore, VerifiedKey } from '../core/keys/ports.js'
import { SCOPES, type ApiKey, type Scope } from '../core/keys/model.js'
import type { Database } from './dialect.js'
import type { ApiKeysTable } from './schema.js'
import { hashKey, keyIdOf, keyMatches, mintKeyToken, newSalt } from './api-key-secrets.js'
import { inTransaction } from './transaction.js'

const ENV_KEY_NAME = 'admin (PARLEY_API_KEY)'

type Row = Omit<ApiKeysTable, 'last_used_at'>

function scopesOf(text: string): Scope[] {
  const parsed: unknown = JSON.parse(text)
  return Array.isArray(parsed) ? SCOPES.filter((s) => parsed.includes(s)) : []
}

function keyOf(row: Row): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row.scopes),
    source: row.source,
    rateLimit: row.rate_per_second !== null && row.rate_burst !== null ? { perSecond: row.rate_per_second, burst: row.rate_burst } : null,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

const verified = ({ id, name, scopes, rateLimit }: ApiKey): VerifiedKey => ({ id, name, scopes, rateLimit })

/** The ApiKeyStore port over Kysely; keys are minted here and kept as salted hashes (see api-key-secrets.ts). */
export function createApiKeyStore(database: Database): ApiKeyStore {
  const { db } = database
  const columns = ['id', 'name', 'key_hash', 'salt', 'scopes', 'source', 'rate_per_second', 'rate_burst', 'created_at', 'revoked_at'] as const

  function rowFor(id: string, token: string, input: { name: string; scopes: Scope[]; source: ApiKey['source']; perSecond: number | null; burst: number | null }, now: number) {
    const salt = newSalt()
    return {
      id,
      name: input.name,
      key_hash: hashKey(token, salt),
      salt,
      scopes: JSON.stringify(input.scopes),
      source: input.source,
      rate_per_second: input.perSecond,
      rate_burst: input.burst,
      created_at: now,
    }
  }

  return {
    async create({ name, scopes, source, rateLimit }, now) {
      const { id, token } = mintKeyToken()
      const row = rowFor(id, token, { name, scopes, source, perSecond: rateLimit?.perSecond ?? null, burst: rateLimit?.burst ?? null }, now)
      await db.insertInto('api_keys').values(row).execute()
      return { key: keyOf({ ...row, revoked_at: null }), secret: token }
    },

    async adoptEnvironmentKey(secret, now) {
      return inTransaction(database, async (trx) => {
        const stored = await trx.selectFrom('api_keys').select(['id', 'key_hash', 'salt', 'revoked_at']).where('source', '=', 'env').execute()
        // Processes started together with a new key may each have stored it (and revoked the
        // other's row): one active row for the key is enough.
        const same = stored.filter((row) => row.salt !== null && keyMatches(secret, row.salt, row.key_hash))
        if (same.some((row) => row.revoked_at === null)) return { kind: 'unchanged' as const }
        const revokedBefore = same.find((row) => row.revoked_at !== null)
        if (revokedBefore) return { kind: 'revoked_before' as const, id: revokedBefore.id, revokedAt: revokedBefore.revoked_at! }
        // PARLEY_API_KEY changed: the key it named before stops working now.
        const revoked = await trx.updateTable('api_keys').set({ revoked_at: now }).where('source', '=', 'env').where('revoked_at', 'is', null).executeTakeFirst()
        const { id } = mintKeyToken()
        await trx
          .insertInto('api_keys')
          .values(rowFor(id, secret, { name: ENV_KEY_NAME, scopes: ['admin'], source: 'env', perSecond: null, burst: null }, now))
          .execute()
        return { kind: 'adopted' as const, revokedPrevious: Number(revoked.numUpdatedRows) > 0 }
      })
    },

    async list({ includeRevoked }) {
      let query = db.selectFrom('api_keys').select(columns).orderBy('created_at', 'desc').orderBy('id', 'desc')
      if (!includeRevoked) query = query.where('revoked_at', 'is', null)
      return (await query.execute()).map(keyOf)
    },

    async revoke(id, now) {
      const result = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },

    async countActive() {
      const row = await db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async verify(secret) {
      // A minted key names its row; PARLEY_API_KEY is any string of the operator's, so it is
      // compared with the (at most a few) active keys from the environment.
      const id = keyIdOf(secret)
      const candidates = await db
        .selectFrom('api_keys')
        .select(columns)
        .where('revoked_at', 'is', null)
        .where((eb) => (id ? eb.or([eb('id', '=', id), eb('source', '=', 'env')]) : eb('source', '=', 'env')))
        .execute()
      const match = candidates.find((row) => row.salt !== null && keyMatches(secret, row.salt, row.key_hash))
      return match ? verified(keyOf(match)) : null
    },
  }
}
