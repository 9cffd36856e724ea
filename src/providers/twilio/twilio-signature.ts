import { createHmac, timingSafeEqual } from 'node:crypto'
import type { WebhookRequest, WebhookVerification } from '../../core/providers/provider.js'

const SIGNATURE_HEADER = 'x-twilio-signature'

/**
 * Twilio's request signature (docs/platform.md §7.2): base64 of HMAC-SHA1, keyed with the auth
 * token, over the full URL followed by every POST parameter sorted by name, each as name then
 * value (a name sent twice contributes each of its values, in sorted order).
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort()
  const signed = url + names.map((name) => [...params.getAll(name)].sort().map((value) => name + value).join('')).join('')
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64')
}

/**
 * Checks `X-Twilio-Signature` over the URL and the form parameters exactly as received, in
 * constant time. The URL is tried as given and with its default port written out or left out:
 * Twilio signs the URL it was configured with, and a proxy may present the port either way.
 */
export function verifyTwilioSignature(authToken: string, request: WebhookRequest): WebhookVerification {
  const header = headerValue(request.headers, SIGNATURE_HEADER)
  if (header === undefined) return { ok: false, reason: 'missing_signature' }
  const given = Buffer.from(header.trim(), 'base64')
  const params = new URLSearchParams(request.rawBody.toString('utf8'))
  for (const url of urlVariants(request.url)) {
    const expected = Buffer.from(twilioSignature(authToken, url, params), 'base64')
    // timingSafeEqual throws on unequal lengths; a SHA-1 digest is 20 bytes, so a length mismatch is simply wrong.
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true }
  }
  return { ok: false, reason: 'bad_signature' }
}

/** The URL as given, then with its scheme's default port added or removed. */
function urlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(url)
  if (!match) return [url]
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string]
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80'
  const withoutPort = authority.replace(new RegExp(`:${defaultPort}$`), '')
  const other = withoutPort === authority ? (/:\d+$/.test(authority) ? null : `${authority}:${defaultPort}`) : withoutPort
  return other === null ? [url] : [url, `${scheme}://${other}${rest}`]
}

/** Case-insensitive header lookup; a header sent twice yields '' so that it fails as a bad signature. */
function headerValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue
    return Array.isArray(value) ? (value.length === 1 ? value[0] : '') : value
  }
  return undefined
}
