import { createHash } from 'node:crypto'

/**
 * Whether `stored` (rows as text) holds nothing of a key's secret: no 6-character piece of it (the
 * public id in `pk_<id>_<secret>` may be stored), and not its plain SHA-256 in hex or base64url.
 */
export function storesNoPartOf(stored: string, key: string): boolean {
  const secret = /^pk_[0-9a-z]{16}_(.+)$/.exec(key)?.[1] ?? key
  for (let i = 0; i + 6 <= secret.length; i++) if (stored.includes(secret.slice(i, i + 6))) return false
  const sha = createHash('sha256').update(key).digest()
  return !stored.includes(sha.toString('hex')) && !stored.includes(sha.toString('base64url'))
}
