import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { feeModelFor } from '../src/core/costs/account-fee-models.js'

/* Fee models per account (issue 12): `feeModel:` in parley.yaml, and the user's own fee model files. */

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'parley-fee-models-'))
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
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

const accounts = (meta: string, gupshup: string, extra = '') => `
${extra}accounts:
  direct-meta:
    provider: meta
    sandbox: true
${meta}  school:
    provider: gupshup
    sandbox: true
${gupshup}senders:
  - id: main
    account: direct-meta
  - id: school
    account: school
`

const ACME = `kind: provider_fee_model
id: acme
name: Acme BSP
currency: USD
source: Acme's contract, 2026
retrieved: 2026-11-01
example: false
message_fees:
  - { direction: outbound, categories: [marketing], flat: 0.002 }
`

describe('fee models per account', () => {
  it("prices each account with the model it names, and the others with PARLEY_PROVIDER_FEE_MODEL's", () => {
    const dir = folder()
    const config = loadConfig({ PARLEY_CONFIG_FILE: write(dir, 'parley.yaml', accounts('', '    feeModel: gupshup-example\n')), PARLEY_PROVIDER_FEE_MODEL: 'twilio-example' })
    expect(feeModelFor('school', config.costs).id).toBe('gupshup-example')
    expect(feeModelFor('direct-meta', config.costs).id).toBe('twilio-example')
    expect(feeModelFor('no-such-account', config.costs).id).toBe('twilio-example')
    // `feeModel` is Parley's setting, not the provider's: it stays out of the account's settings.
    expect(config.accounts).toEqual([
      { id: 'direct-meta', provider: 'meta', sandbox: true },
      { id: 'school', provider: 'gupshup', sandbox: true, feeModel: 'gupshup-example' },
    ])
  })

  it('keeps direct for accounts that name no model when PARLEY_PROVIDER_FEE_MODEL is unset', () => {
    const config = loadConfig({ PARLEY_CONFIG_FILE: write(folder(), 'parley.yaml', accounts('    feeModel: 360dialog-regular-example\n', '')) })
    expect(feeModelFor('direct-meta', config.costs).id).toBe('360dialog-regular-example')
    expect(feeModelFor('school', config.costs).id).toBe('direct')
    expect([...config.costs.accountFeeModels.keys()]).toEqual(['direct-meta'])
  })

  it('refuses an unknown model id, naming the account and every known id', () => {
    const problems = problemsOf({ PARLEY_CONFIG_FILE: write(folder(), 'parley.yaml', accounts('', '    feeModel: gupshop\n')) })
    expect(problems).toEqual([expect.stringMatching(/^PARLEY_CONFIG_FILE: .*parley\.yaml: accounts\.school\.feeModel: no fee model "gupshop"; known: direct, 360dialog-regular-example, gupshup-example, saas-inbox-example, twilio-example$/)])
  })

  it('checks a real account\'s settings without its feeModel (the provider schema never sees it)', () => {
    const yaml = `accounts:
  school:
    provider: gupshup
    apiKey: k
    appName: a
    appId: i
    webhookSecret: s
    feeModel: gupshup-example
senders:
  - id: school
    account: school
    number: "+905321234567"
`
    const config = loadConfig({ PARLEY_CONFIG_FILE: write(folder(), 'parley.yaml', yaml) })
    expect(config.accounts[0]).toMatchObject({ id: 'school', sandbox: false, feeModel: 'gupshup-example' })
    expect((config.accounts[0] as { settings: Record<string, unknown> }).settings).not.toHaveProperty('feeModel')
    expect(feeModelFor('school', config.costs).id).toBe('gupshup-example')
  })
})

describe("the user's own fee model files", () => {
  it('reads every .yaml in PARLEY_FEE_MODELS_DIR, after Parley\'s own, and an account or the default may use one', () => {
    const models = folder()
    write(models, 'acme.yaml', ACME)
    write(models, 'notes.txt', 'not a model')
    const config = loadConfig({ PARLEY_FEE_MODELS_DIR: models, PARLEY_PROVIDER_FEE_MODEL: 'acme' })
    expect(config.costs.feeModels.map((m) => m.id)).toEqual(['direct', '360dialog-regular-example', 'gupshup-example', 'saas-inbox-example', 'twilio-example', 'acme'])
    expect(config.costs.providerFeeModel).toMatchObject({ id: 'acme', example: false, messageFees: [{ direction: 'outbound', categories: ['marketing'], amount: { kind: 'flat', micros: 2_000 } }] })
    expect(config.costs.feeModelFiles).toEqual(new Map([['acme', join(models, 'acme.yaml')]]))
  })

  it('reads the files parley.yaml lists under feeModels, relative to parley.yaml', () => {
    const dir = folder()
    mkdirSync(join(dir, 'models'))
    write(join(dir, 'models'), 'acme.yaml', ACME)
    const config = loadConfig({ PARLEY_CONFIG_FILE: write(dir, 'parley.yaml', accounts('    feeModel: acme\n', '', 'feeModels:\n  - models/acme.yaml\n')) })
    expect(feeModelFor('direct-meta', config.costs)).toMatchObject({ id: 'acme', name: 'Acme BSP' })
    expect(config.costs.feeModelFiles.get('acme')).toBe(join(dir, 'models', 'acme.yaml'))
  })

  it('names the file and each field of an invalid model', () => {
    const models = folder()
    write(models, 'bad.yaml', ACME.replace('currency: USD', 'currency: dollars').replace('flat: 0.002', 'flat: 0.002, percent_of_platform: 5'))
    const problems = problemsOf({ PARLEY_FEE_MODELS_DIR: models })
    expect(problems).toEqual([
      `PARLEY_FEE_MODELS_DIR: ${join(models, 'bad.yaml')}: currency: an ISO 4217 code, e.g. USD`,
      `PARLEY_FEE_MODELS_DIR: ${join(models, 'bad.yaml')}: message_fees.0: give exactly one of flat or percent_of_platform`,
    ])
  })

  it('refuses an id used twice, or one of Parley\'s own', () => {
    const models = folder()
    write(models, 'a.yaml', ACME)
    write(models, 'b.yaml', ACME)
    write(models, 'c.yaml', ACME.replace('id: acme', 'id: twilio-example'))
    expect(problemsOf({ PARLEY_FEE_MODELS_DIR: models })).toEqual([
      `PARLEY_FEE_MODELS_DIR: ${join(models, 'b.yaml')}: id: "acme" is already the id of ${join(models, 'a.yaml')}; fee model ids are unique`,
      `PARLEY_FEE_MODELS_DIR: ${join(models, 'c.yaml')}: id: "twilio-example" is already one of Parley's own fee models; give yours another id`,
    ])
  })

  it('names a missing folder or listed file', () => {
    const dir = folder()
    expect(problemsOf({ PARLEY_FEE_MODELS_DIR: join(dir, 'nowhere') })).toEqual([`PARLEY_FEE_MODELS_DIR: ${join(dir, 'nowhere')} is not a readable folder`])
    const problems = problemsOf({ PARLEY_CONFIG_FILE: write(dir, 'parley.yaml', accounts('', '', 'feeModels: [missing.yaml]\n')) })
    expect(problems).toEqual([`PARLEY_CONFIG_FILE: ${join(dir, 'parley.yaml')}: feeModels.0: ${join(dir, 'missing.yaml')}: cannot be read (ENOENT)`])
  })
})
