import { ConfigError, type ParleyConfig } from '../config.js'
import { toIso } from '../core/shared/time.js'
import type { ApiKeyStore } from '../core/keys/ports.js'

/**
 * Makes sure an admin key exists at start. PARLEY_API_KEY is stored (salted and hashed) when it is
 * not already the key from the environment, and the one stored from it before is revoked; without
 * it, when no key is active at all, one is created and returned so that it can be shown once. A
 * PARLEY_API_KEY that was revoked (it leaked, or was rotated away) stops the start: it stays revoked.
 */
export async function ensureAdminKey(config: ParleyConfig, keys: ApiKeyStore, now: number): Promise<{ created: string | null; revokedPrevious: boolean }> {
  if (config.adminApiKey) {
    const result = await keys.adoptEnvironmentKey(config.adminApiKey, now)
    if (result.kind === 'revoked_before') {
      throw new ConfigError([`PARLEY_API_KEY: names the key ${result.id}, revoked at ${toIso(result.revokedAt)}; a revoked key is never accepted again, so set a new one (e.g. openssl rand -base64 32)`])
    }
    return { created: null, revokedPrevious: result.kind === 'adopted' && result.revokedPrevious }
  }
  if ((await keys.countActive()) > 0) return { created: null, revokedPrevious: false }
  const { secret } = await keys.create({ name: 'admin (generated at first start)', scopes: ['admin'], source: 'generated', rateLimit: null }, now)
  return { created: secret, revokedPrevious: false }
}
