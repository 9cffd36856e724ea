import { describe, expect, it } from 'vitest'
import { resolveMetaConfig } from '../../src/providers/meta-cloud/meta-config.js'

const valid = { apiVersion: 'v23.0', phoneNumberId: '100000000000002', accessToken: 't', appSecret: 's', verifyToken: 'v' }

describe('Meta config', () => {
  it('fills defaults and freezes', () => {
    const config = resolveMetaConfig({ ...valid, baseUrl: 'http://127.0.0.1:3001//' })
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:3001', requestTimeoutMs: 10_000 })
    expect(resolveMetaConfig(valid).baseUrl).toBe('https://graph.facebook.com')
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('the WABA id is optional (no template manager without it) and numeric when given', () => {
    expect(resolveMetaConfig(valid).wabaId).toBeNull()
    expect(resolveMetaConfig({ ...valid, wabaId: '102290129340398' }).wabaId).toBe('102290129340398')
    expect(() => resolveMetaConfig({ ...valid, wabaId: 'waba-1' })).toThrow(/wabaId must be Meta's numeric/)
  })

  it('names every bad field at once', () => {
    expect(() => resolveMetaConfig({ ...valid, apiVersion: '23', phoneNumberId: '+1555', appSecret: '', baseUrl: 'graph.facebook.com' })).toThrow(
      /baseUrl must be an http\(s\) URL.*apiVersion must look like v23\.0.*phoneNumberId.*appSecret is required/,
    )
  })
})
