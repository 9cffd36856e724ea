import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parleyOk, runParley } from '../support/cli.js'

const ACME = `kind: provider_fee_model
id: acme
name: Acme BSP
currency: USD
source: our contract with Acme
retrieved: 2026-11-01
example: false
message_fees:
  - { direction: any, flat: 0.001 }
`
const PARLEY_YAML = `feeModels: [acme.yaml]
accounts:
  main:
    provider: meta
    sandbox: true
  clinic:
    provider: 360dialog
    sandbox: true
    feeModel: acme
senders:
  - id: main
    account: main
  - id: clinic
    account: clinic
`

describe('parley cost models', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cost-models-'))
    writeFileSync(join(dir, 'acme.yaml'), ACME)
    writeFileSync(join(dir, 'parley.yaml'), PARLEY_YAML)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('lists every model with its origin, the accounts it prices and the default, as lines or JSON', async () => {
    const env = { PARLEY_CONFIG_FILE: join(dir, 'parley.yaml'), PARLEY_PROVIDER_FEE_MODEL: 'gupshup-example' }
    const lines = (await parleyOk(['cost', 'models'], env)).stdout.trim().split('\n')
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['direct', '360dialog-regular-example', 'gupshup-example', 'saas-inbox-example', 'twilio-example', 'acme'])
    expect(lines[0]).toBe('direct\tMeta Cloud API, direct\tUSD\tparley\tunused\tdocs/platform.md §6.3 (read 2026-12-02)')
    expect(lines[2]).toMatch(/^gupshup-example\tGupshup \(example\)\tUSD\texample\tdefault; accounts: main\t/)
    expect(lines[5]).toBe(`acme\tAcme BSP\tUSD\tyours (${join(dir, 'acme.yaml')})\taccounts: clinic\tour contract with Acme (read 2026-11-01)`)

    const json = JSON.parse((await parleyOk(['cost', 'models', '--json'], env)).stdout)
    expect(json.default).toBe('gupshup-example')
    expect(json.models.find((m: { id: string }) => m.id === 'acme')).toEqual({
      id: 'acme',
      name: 'Acme BSP',
      currency: 'USD',
      example: false,
      source: 'our contract with Acme',
      retrieved: '2026-11-01',
      note: null,
      file: join(dir, 'acme.yaml'),
      default: false,
      accounts: ['clinic'],
    })
  }, 60_000)

  it('stops on an account naming an unknown model, listing the known ones', async () => {
    writeFileSync(join(dir, 'typo.yaml'), PARLEY_YAML.replace('feeModel: acme', 'feeModel: acne'))
    const ran = await runParley(['cost', 'models'], { PARLEY_CONFIG_FILE: join(dir, 'typo.yaml') })
    expect(ran.code).not.toBe(0)
    expect(ran.stderr).toMatch(/accounts\.clinic\.feeModel: no fee model "acne"; known: direct, .*twilio-example, acme/)
  }, 60_000)
})
