import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

function file(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-yaml-')), 'parley.yaml')
  writeFileSync(path, yaml)
  return path
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('the configuration was accepted')
}

const TWO_ACCOUNTS = `
accounts:
  school:
    provider: meta
    wabaId: "1001"
    accessToken: \${META_TOKEN}
    appSecret: \${META_SECRET}
    verifyToken: verify-me
  demo:
    provider: meta
    sandbox: true
senders:
  - id: main
    account: school
    number: "+905321234567"
    numberId: "2002"
    ratePerSecond: 20
  - id: trial
    account: demo
`

describe('parley.yaml: accounts and senders', () => {
  it('reads accounts and their senders, with secrets from the environment and sandbox numbers filled in', () => {
    const config = loadConfig({ PARLEY_CONFIG_FILE: file(TWO_ACCOUNTS), META_TOKEN: 'token-from-env', META_SECRET: 'secret-from-env' })
    expect(config.accounts).toEqual([
      { id: 'school', provider: 'meta', sandbox: false, settings: { wabaId: '1001', accessToken: 'token-from-env', appSecret: 'secret-from-env', verifyToken: 'verify-me' } },
      { id: 'demo', provider: 'meta', sandbox: true },
    ])
    expect(config.senders).toEqual([
      { id: 'main', account: 'school', channel: 'whatsapp', number: '+905321234567', numberId: '2002', ratePerSecond: 20 },
      { id: 'trial', account: 'demo', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
    ])
  })

  it('names an unset environment variable where the file uses it, instead of starting with an empty secret', () => {
    const problems = problemsOf({ PARLEY_CONFIG_FILE: file(TWO_ACCOUNTS), META_TOKEN: 'set' })
    expect(problems).toEqual([expect.stringMatching(/PARLEY_CONFIG_FILE: .*parley\.yaml: accounts\.school\.appSecret: environment variable META_SECRET is not set/)])
  })

  it('refuses senders that cannot work, saying which and why', () => {
    const yaml = `
accounts:
  school: { provider: meta, wabaId: "1", accessToken: t, appSecret: s, verifyToken: v }
  later: { provider: meta, wabaId: "x", accessToken: t, appSecret: s, verifyToken: v }
senders:
  - { id: main, account: school, numberId: "2" }
  - { id: main, account: school, numberId: "3" }
  - { id: sms, account: school, channel: sms, number: "+905321234567" }
  - { id: lost, account: nowhere, number: "+905321234568" }
  - { id: bare, account: school }
`
    const problems = problemsOf({ PARLEY_CONFIG_FILE: file(yaml) }).join('\n')
    expect(problems).toMatch(/accounts\.later\.wabaId: digits/)
    expect(problems).toMatch(/senders\.1 \(main\): another sender has the id main/)
    expect(problems).toMatch(/senders\.2 \(sms\)\.channel: meta carries whatsapp, not sms/)
    expect(problems).toMatch(/senders\.3 \(lost\)\.account: no account nowhere \(accounts: school, later\)/)
    expect(problems).toMatch(/senders\.4 \(bare\)\.numberId: a meta number is addressed by its phone number id/)
  })

  it('refuses a file that is not YAML, or not the expected shape, naming the place', () => {
    expect(problemsOf({ PARLEY_CONFIG_FILE: file('accounts: [') })[0]).toMatch(/cannot be read as YAML/)
    expect(problemsOf({ PARLEY_CONFIG_FILE: file('accounts: {}\nsenders: []\nextra: 1') }).join('\n')).toMatch(/senders: at least one sender[\s\S]*Unrecognized key: "extra"|Unrecognized key[\s\S]*at least one sender/)
    expect(problemsOf({ PARLEY_CONFIG_FILE: file('accounts:\n  Bad Name: { provider: meta }\nsenders: [{ id: a, account: x }]') }).join('\n')).toMatch(/an account id/)
    expect(problemsOf({ PARLEY_CONFIG_FILE: join(tmpdir(), 'no-such-parley.yaml') })[0]).toMatch(/cannot be read/)
  })

  it('runs the no-account demo on the sandbox of another provider', () => {
    const config = loadConfig({ PARLEY_SANDBOX_PROVIDER: 'meta' })
    expect(config.accounts).toEqual([{ id: 'meta', provider: 'meta', sandbox: true }])
    expect(() => loadConfig({ PARLEY_SANDBOX_PROVIDER: 'carrier-pigeon' })).toThrow(/PARLEY_SANDBOX_PROVIDER/)
  })

  it('reads parley.example.yaml as shipped, once its variables are set', () => {
    const env = {
      PARLEY_CONFIG_FILE: 'parley.example.yaml',
      GUPSHUP_API_KEY: 'key',
      GUPSHUP_APP_NAME: 'SchoolApp',
      GUPSHUP_APP_ID: 'app-id',
      GUPSHUP_CALLBACK_TOKEN: 'a-long-callback-token',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
    }
    const config = loadConfig(env)
    expect(config.accounts.map((a) => `${a.id}:${a.provider}`)).toEqual(['school:gupshup', 'twilio:twilio'])
    expect(config.senders.map((s) => `${s.id}:${s.channel}:${s.number}`)).toEqual(['school:whatsapp:+905321234567', 'school-sms:sms:+15017122661'])
    expect(problemsOf({ ...env, GUPSHUP_API_KEY: '' })).toEqual([expect.stringContaining('GUPSHUP_API_KEY is not set')])
  })

  it('refuses a second sandbox account of one provider', () => {
    const path = file(`
accounts:
  one: { provider: gupshup, sandbox: true }
  two: { provider: gupshup, sandbox: true }
senders:
  - { id: a, account: one }
  - { id: b, account: two, number: "+15550009999" }
`)
    expect(problemsOf({ PARLEY_CONFIG_FILE: path })).toEqual([expect.stringContaining('one gupshup account only')])
  })
})
