import { toIso } from '../shared/time.js'
import type { ApiKey } from './model.js'

/** A key as the API and `parley keys list --json` show it: never the secret, nor its hash. */
export function keyView(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    source: key.source,
    rate_limit: key.rateLimit ? { per_second: key.rateLimit.perSecond, burst: key.rateLimit.burst } : null,
    created_at: toIso(key.createdAt),
    revoked_at: key.revokedAt === null ? null : toIso(key.revokedAt),
  }
}
