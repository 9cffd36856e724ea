import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, SANDBOX_CREDENTIALS } from '../src/config.js'

describe('configuration', () => {
  it('runs on the embedded defaults with no environment at all', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      databaseUrl: null,
      http: { host: '127.0.0.1', port: 3000 },
      sandbox: { host: '127.0.0.1', port: 3001, url: null },
      accounts: [{ id: 'meta', provider: 'meta', sandbox: true }],
      senders: [{ id: 'default', account: 'meta', channel: 'whatsapp', numberId: SANDBOX_CREDENTIALS.phoneNumberId, ratePerSecond: 80 }],
    })
    expect(config.dataDir).toMatch(/\.parley$/)
    expect(Object.isFrozen(config.dispatch.retry)).toBe(true)
  })

  it('posts webhooks to private addresses only when PARLEY_OUTGOING_ALLOW_PRIVATE=true says so', () => {
    expect(loadConfig({}).outgoing.allowPrivate).toBe(false)
    expect(loadConfig({ PARLEY_OUTGOING_ALLOW_PRIVATE: 'true' }).outgoing.allowPrivate).toBe(true)
    expect(() => loadConfig({ PARLEY_OUTGOING_ALLOW_PRIVATE: 'yes' })).toThrow(/PARLEY_OUTGOING_ALLOW_PRIVATE/)
  })

  it('prices with no provider fees by default, or with a shipped fee model named by PARLEY_PROVIDER_FEE_MODEL', () => {
    expect(loadConfig({}).costs.providerFeeModel.id).toBe('direct')
    expect(loadConfig({ PARLEY_PROVIDER_FEE_MODEL: 'twilio-example' }).costs.providerFeeModel).toMatchObject({ id: 'twilio-example', example: true, currency: 'USD' })
    expect(() => loadConfig({ PARLEY_PROVIDER_FEE_MODEL: 'cheapest' })).toThrow(/PARLEY_PROVIDER_FEE_MODEL: no fee model "cheapest"; known: direct, .*twilio-example/)
  })

  it('names every bad variable', () => {
    try {
      loadConfig({ PARLEY_PORT: 'eighty', PARLEY_DATABASE_URL: 'mysql://x', PARLEY_RATE_PER_SECOND: '5000' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toContain('PARLEY_PORT')
      expect(problems).toContain('PARLEY_DATABASE_URL')
      expect(problems).toContain('PARLEY_RATE_PER_SECOND')
    }
  })

  it('requires the Meta credentials when the provider is meta', () => {
    expect(() => loadConfig({ PARLEY_PROVIDER: 'meta', PARLEY_META_ACCESS_TOKEN: 't' })).toThrow(/PARLEY_META_PHONE_NUMBER_ID: required/)
    const config = loadConfig({
      PARLEY_PROVIDER: 'meta',
      PARLEY_META_WABA_ID: '1',
      PARLEY_META_PHONE_NUMBER_ID: '2',
      PARLEY_META_ACCESS_TOKEN: 't',
      PARLEY_META_APP_SECRET: 's',
      PARLEY_META_VERIFY_TOKEN: 'v',
    })
    expect(config.accounts).toEqual([{ id: 'meta', provider: 'meta', sandbox: false, settings: expect.objectContaining({ baseUrl: 'https://graph.facebook.com', wabaId: '1', appSecret: 's' }) }])
    expect(config.senders).toEqual([{ id: 'default', account: 'meta', channel: 'whatsapp', number: '', numberId: '2', ratePerSecond: 80 }])
  })

  it('refuses a lease shorter than twice the longest provider call', () => {
    expect(() => loadConfig({ PARLEY_LEASE_MS: '20000', PARLEY_META_TIMEOUT_MS: '10000' })).toThrow(/PARLEY_LEASE_MS: must be at least 42000 ms/)
    expect(loadConfig({ PARLEY_LEASE_MS: '42000', PARLEY_META_TIMEOUT_MS: '10000' }).dispatch).toMatchObject({ leaseMs: 42000, sendBudgetMs: 21000 })
  })

  it('calls a message stale after a day without a word, and refuses a stale age the reconciler could not work within', () => {
    expect(loadConfig({}).dispatch.staleAfterMs).toBe(86_400_000)
    expect(loadConfig({ PARLEY_STALE_AFTER_MS: '3600000' }).dispatch.staleAfterMs).toBe(3_600_000)
    expect(() => loadConfig({ PARLEY_STALE_AFTER_MS: '150000', PARLEY_LEASE_MS: '60000', PARLEY_RECONCILE_GRACE_MS: '120000' })).toThrow(
      /PARLEY_STALE_AFTER_MS: must exceed PARLEY_LEASE_MS \+ PARLEY_RECONCILE_GRACE_MS/,
    )
    expect(() => loadConfig({ PARLEY_STALE_AFTER_MS: '1000' })).toThrow(/PARLEY_STALE_AFTER_MS/)
  })

  it('adds the business’s own opt-out and opt-in keywords to the defaults', () => {
    const { keywords } = loadConfig({ PARLEY_OPT_OUT_KEYWORDS: 'tr:İPTAL|VAZGEÇ,xx:NOPE', PARLEY_OPT_IN_KEYWORDS: 'tr:TAMAM' }).notifications
    expect(keywords.tr!.optOut).toEqual(expect.arrayContaining(['DUR', 'İPTAL', 'VAZGEÇ']))
    expect(keywords.tr!.optIn).toContain('TAMAM')
    expect(keywords.xx).toEqual({ optOut: ['NOPE'], optIn: [] })
    expect(() => loadConfig({ PARLEY_OPT_OUT_KEYWORDS: 'İPTAL' })).toThrow(/PARLEY_OPT_OUT_KEYWORDS/)
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PARLEY_PORT: '' }).http.port).toBe(3000)
  })

  it('every variable it reads is in the README', () => {
    const read = [...readFileSync('src/config.ts', 'utf8').matchAll(/^ {2}(PARLEY_[A-Z_]+):/gm)].map((m) => m[1]!)
    expect(read).toContain('PARLEY_META_BASE_URL')
    expect(read.filter((name) => !documentedIn(readFileSync('README.md', 'utf8')).has(name))).toEqual([])
  })
})

/**
 * The variable names a README states, with the shorthand of its tables spelled out:
 * "`PARLEY_CAP_UTILITY_PER_DAY` / `_PER_WEEK`" also names PARLEY_CAP_UTILITY_PER_WEEK.
 */
function documentedIn(readme: string): Set<string> {
  const names = new Set<string>()
  for (const line of readme.split('\n')) {
    const full = [...line.matchAll(/`(PARLEY_[A-Z_]+)`/g)].map((m) => m[1]!)
    const tails = [...line.matchAll(/`(_[A-Z_]+)`/g)].map((m) => m[1]!)
    for (const name of full) {
      names.add(name)
      const parts = name.split('_')
      for (const tail of tails) for (let i = 2; i < parts.length; i++) names.add(parts.slice(0, i).join('_') + tail)
    }
  }
  return names
}
