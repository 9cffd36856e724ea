import type { ParleyConfig } from '../config.js'
import type { ApiKeyStore } from '../core/keys/ports.js'

/**
 * Makes sure an admin key exists at start. PARLEY_API_KEY is stored (salted and hashed) when it is
 * not already the key from the environment, and the one stored from it before is revoked; without
 * it, when no key is active at all, one is created and returned so that it can be shown once.
 */
export async function ensureAdminKey(config: ParleyConfig, keys: ApiKeyStore, now: number): Promise<{ created: string | null; revokedPrevious: boolean }> {
  if (config.adminApiKey) {
    const { revoked } = await keys.adoptEnvironmentKey(config.adminApiKey, now)
    return { created: null, revokedPrevious: revoked > 0 }
  }
  if ((await keys.countActive()) > 0) return { created: null, revokedPrevious: false }
  const { secret } = await keys.create({ name: 'admin (generated at first start)', scopes: ['admin'], source: 'generated', rateLimit: null }, now)
  return { created: secret, revokedPrevious: false }
}
