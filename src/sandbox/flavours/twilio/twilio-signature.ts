import { createHmac } from 'node:crypto'

/**
 * `X-Twilio-Signature` (docs/platform.md §7.2): the base64 HMAC-SHA1, keyed with the account's auth
 * token, of the full URL Twilio posts to (query string included) followed by every POST parameter,
 * sorted by name, each name immediately followed by its value. Parameters with the same name are
 * ordered by value, so the result does not depend on the order they were written in.
 */
export function twilioSignature(authToken: string, url: string, params: ReadonlyArray<readonly [string, string]>): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  let data = url
  for (const [name, value] of sorted) data += name + value
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64')
}
