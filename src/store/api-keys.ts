import { createHash } from 'node:crypto'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'

export interface ApiKeyRecord {
  id: string
  name: string
  role: 'admin'
}

/** API keys, stored as SHA-256 hashes: the keys are long random strings, so a fast hash suffices. */
export interface ApiKeyStore {
  count(): Promise<number>
  /** Stores the key's hash (idempotent for the same key). */
  add(input: { id: string; name: string; key: string; role: 'admin' }, now: Instant): Promise<void>
  /** The active key matching a presented secret, or null. */
  verify(key: string): Promise<ApiKeyRecord | null>
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function createApiKeyStore(database: Database): ApiKeyStore {
  const { db } = database
  return {
    async count() {
      const row = await db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async add({ id, name, key, role }, now) {
      await db
        .insertInto('api_keys')
        .values({ id, name, key_hash: hashApiKey(key), prefix: key.slice(0, 8), role, created_at: now })
        .onConflict((oc) => oc.column('key_hash').doNothing())
        .execute()
    },
    async verify(key) {
      // Looked up by hash, so comparing the secret itself never happens (no timing side channel).
      const row = await db
        .selectFrom('api_keys')
        .select(['id', 'name', 'role'])
        .where('key_hash', '=', hashApiKey(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return row ?? null
    },
  }
}
