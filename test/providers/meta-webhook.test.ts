import { describe, expect, it } from 'vitest'
import { APP_SECRET as SECRET, envelope, messagesChange, metaJson, receiver as meta, sign } from './meta-fixtures.js'

const URL_SEEN = 'https://parley.example/webhooks/meta'

describe('Meta webhook signature', () => {
  const body = Buffer.from(metaJson(envelope(messagesChange([{ from: '4915112345678', id: 'wamid.IN1', timestamp: '1750030000', type: 'text', text: { body: 'Café 😀 https://parley.example/a/b' } }]))))

  it('accepts Meta-escaped bytes signed with the app secret', () => {
    expect(body.toString()).toContain('Caf\\u00e9 \\ud83d\\ude00 https:\\/\\/parley.example\\/a\\/b')
    expect(meta.verify({ rawBody: body, headers: { 'x-hub-signature-256': sign(body, SECRET) }, url: URL_SEEN })).toEqual({ ok: true })
  })

  it('checks the raw bytes, not re-serialised JSON', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())))
    expect(reserialised.equals(body)).toBe(false)
    expect(meta.verify({ rawBody: body, headers: { 'x-hub-signature-256': sign(reserialised, SECRET) }, url: URL_SEEN })).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it.each([
    ['a wrong secret', { 'x-hub-signature-256': sign(body, 'other-secret') }, 'bad_signature'],
    ['a missing header', {}, 'missing_signature'],
    ['a truncated signature', { 'x-hub-signature-256': sign(body, SECRET).slice(0, -2) }, 'bad_signature'],
    ['a longer signature', { 'x-hub-signature-256': `${sign(body, SECRET)}00` }, 'bad_signature'],
    ['no sha256= prefix', { 'x-hub-signature-256': sign(body, SECRET).slice(7) }, 'bad_signature'],
    ['a SHA-1 signature header only', { 'x-hub-signature': 'sha1=0000000000000000000000000000000000000000' }, 'missing_signature'],
    ['the header twice', { 'x-hub-signature-256': [sign(body, SECRET), sign(body, SECRET)] }, 'bad_signature'],
  ])('rejects %s', (_name, headers, reason) => {
    expect(meta.verify({ rawBody: body, headers, url: URL_SEEN })).toEqual({ ok: false, reason })
  })

  it('rejects a single tampered byte', () => {
    const tampered = Buffer.from(body)
    tampered[tampered.indexOf('Caf')] = 'K'.charCodeAt(0)
    expect(meta.verify({ rawBody: tampered, headers: { 'x-hub-signature-256': sign(body, SECRET) }, url: URL_SEEN })).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('reads the header case-insensitively and accepts upper-case hex', () => {
    const signature = sign(body, SECRET)
    expect(meta.verify({ rawBody: body, headers: { 'X-Hub-Signature-256': `sha256=${signature.slice(7).toUpperCase()}` }, url: URL_SEEN })).toEqual({ ok: true })
  })

  it('decodes the escapes when parsing', () => {
    expect(meta.parse(body)).toMatchObject({ ok: true, events: [{ kind: 'inbound', content: { kind: 'text', text: 'Café 😀 https://parley.example/a/b' } }] })
  })
})

describe('Meta subscription handshake', () => {
  it.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' }, { ok: true, body: '1158201444' }],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-m', 'hub.challenge': '1' }, { ok: false }],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-too', 'hub.challenge': '1' }, { ok: false }],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1' }, { ok: false }],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, { ok: false }],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me' }, { ok: false }],
  ])('%o → %o', (query, expected) => {
    expect(meta.handshake!(query)).toEqual(expected)
  })
})
