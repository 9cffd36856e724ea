import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lowercase

/** The key's public id (16 base32 characters, 80 bits) then its 256-bit secret, base64url. */
const TOKEN = /^pk_([0-9a-hjkmnp-tv-z]{16})_([A-Za-z0-9_-]{43})$/

/** A new key: `pk_<id>_<secret>`; the id names the stored row (`key_<id>`), the rest is the secret. */
export function mintKeyToken(): { id: string; token: string } {
  let publicId = ''
  for (const byte of randomBytes(16)) publicId += ALPHABET[byte % 32]
  return { id: `key_${publicId}`, token: `pk_${publicId}_${randomBytes(32).toString('base64url')}` }
}

/** The row id a token in Parley's format points at; null for any other string (a PARLEY_API_KEY of the operator's choosing). */
export function keyIdOf(token: string): string | null {
  const match = TOKEN.exec(token)
  return match ? `key_${match[1]}` : null
}

/** A new per-key salt. */
export function newSalt(): string {
  return randomBytes(16).toString('base64url')
}

/**
 * HMAC-SHA-256 of the whole presented key, keyed with the row's own salt: the same key stored
 * twice (or in two deployments) never gives the same hash, and nothing of the key is kept in clear.
 * A fast function suffices because the keys Parley accepts carry at least 32 characters, the ones
 * it mints 256 random bits: no dictionary reaches them.
 */
export function hashKey(token: string, salt: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(token, 'utf8').digest('base64url')
}

/** Whether `token` is the key stored as `hash` with `salt`, compared in constant time. */
export function keyMatches(token: string, salt: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'base64url')
  const actual = Buffer.from(hashKey(token, salt), 'base64url')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
