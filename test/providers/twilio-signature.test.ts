import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { WebhookRequest } from '../../src/core/providers/provider.js'
import { twilioSignature, verifyTwilioSignature } from '../../src/providers/twilio/twilio-signature.js'

/*
 * The vector of Twilio's webhook-security page (token 12345, its example URL and call parameters).
 * The expected value was computed outside this code, from the concatenation written out by hand:
 *   printf '%s' 'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212' \
 *     | openssl dgst -sha1 -hmac 12345 -binary | base64
 */
const TOKEN = '12345'
const URL_SIGNED = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ='
// Deliberately not in sorted order, and with + encoded as a form would send it.
const BODY = 'To=%2B18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B12349013030&Caller=%2B12349013030'

const request = (over: Partial<WebhookRequest> = {}): WebhookRequest => ({
  rawBody: Buffer.from(BODY),
  headers: { 'x-twilio-signature': SIGNATURE, 'content-type': 'application/x-www-form-urlencoded' },
  url: URL_SIGNED,
  ...over,
})

describe('X-Twilio-Signature', () => {
  it('matches the independently computed vector: URL, then parameters sorted by name, name then value', () => {
    expect(twilioSignature(TOKEN, URL_SIGNED, new URLSearchParams(BODY))).toBe(SIGNATURE)
  })

  it('accepts the genuine request', () => {
    expect(verifyTwilioSignature(TOKEN, request())).toEqual({ ok: true })
  })

  it('refuses a changed parameter, another URL, another token', () => {
    expect(verifyTwilioSignature(TOKEN, request({ rawBody: Buffer.from(BODY.replace('Digits=1234', 'Digits=1235')) }))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyTwilioSignature(TOKEN, request({ url: 'https://mycompany.com/myapp.php?foo=1&bar=3' }))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyTwilioSignature('54321', request())).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('a missing header is missing_signature; garbage, or the header twice, is bad_signature', () => {
    expect(verifyTwilioSignature(TOKEN, request({ headers: {} }))).toEqual({ ok: false, reason: 'missing_signature' })
    expect(verifyTwilioSignature(TOKEN, request({ headers: { 'x-twilio-signature': 'not base64 at all' } }))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyTwilioSignature(TOKEN, request({ headers: { 'x-twilio-signature': [SIGNATURE, SIGNATURE] } }))).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('the header name is case-insensitive', () => {
    expect(verifyTwilioSignature(TOKEN, request({ headers: { 'X-Twilio-Signature': SIGNATURE } }))).toEqual({ ok: true })
  })

  it('accepts the URL with its default port written out (a proxy may present it either way)', () => {
    expect(verifyTwilioSignature(TOKEN, request({ url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' }))).toEqual({ ok: true })
    expect(verifyTwilioSignature(TOKEN, request({ url: 'https://mycompany.com:8443/myapp.php?foo=1&bar=2' }))).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('a repeated parameter contributes each value, sorted', () => {
    // Written out by hand: the URL, then a+y and a+z (its values sorted), then b+2.
    const expected = createHmac('sha1', TOKEN).update('https://x.example/hayazb2').digest('base64')
    expect(twilioSignature(TOKEN, 'https://x.example/h', new URLSearchParams('b=2&a=z&a=y'))).toBe(expected)
  })
})
