import { randomBytes } from 'node:crypto'
import type { ParleyConfig } from '../config.js'
import type { Ids } from '../core/ports.js'
import type { ApiKeyStore } from '../store/api-keys.js'

/** A new API key: a prefix that says what it is, then 256 random bits. */
export function generateApiKey(): string {
  return `pk_${randomBytes(32).toString('base64url')}`
}

/**
 * Makes sure an admin key exists: PARLEY_API_KEY is stored (hashed) if given; otherwise, when no
 * key exists at all, one is created and returned so that it can be shown once.
 */
export async function ensureAdminKey(config: ParleyConfig, keys: ApiKeyStore, ids: Ids, now: number): Promise<{ created: string | null }> {
  if (config.adminApiKey) {
    await keys.add({ id: ids.next('key'), name: 'admin (PARLEY_API_KEY)', key: config.adminApiKey, role: 'admin' }, now)
    return { created: null }
  }
  if ((await keys.count()) > 0) return { created: null }
  const key = generateApiKey()
  await keys.add({ id: ids.next('key'), name: 'admin (generated at first start)', key, role: 'admin' }, now)
  return { created: key }
}
