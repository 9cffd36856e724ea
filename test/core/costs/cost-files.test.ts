import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { decimalToMicros } from '../../../src/core/costs/decimal.js'
import { parseFeeModelYaml } from '../../../src/core/costs/fee-model-file.js'
import { parseRateCardCsv, parseRateCardFile, parseRateCardYaml } from '../../../src/core/costs/rate-card-file.js'

const CARDS = 'src/core/costs/cards'
const FEE_MODELS = 'src/core/costs/fee-models'

describe('shipped rate cards', () => {
  it('equal the cards Parley prices with by default', () => {
    const parsed = ['meta-pmp-2025-07.yaml', 'meta-pmp-2026-10.yaml'].map((name) => parseRateCardYaml(readFileSync(join(CARDS, name), 'utf8')))
    expect(parsed).toEqual(DEFAULT_RATE_CARDS.map((value) => ({ ok: true, value })))
  })

  it('all parse, and carry their source and date', () => {
    for (const name of readdirSync(CARDS)) {
      const result = parseRateCardFile(name, readFileSync(join(CARDS, name), 'utf8'))
      expect(result.ok, `${name}: ${JSON.stringify(result.ok ? '' : result.errors)}`).toBe(true)
      if (result.ok) expect(result.value.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(result.value.retrieved), name).toBe(true)
    }
  })
})

describe('shipped provider fee models', () => {
  const models = Object.fromEntries(
    readdirSync(FEE_MODELS).map((name) => {
      const result = parseFeeModelYaml(readFileSync(join(FEE_MODELS, name), 'utf8'))
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`)
      return [result.value.id, result.value]
    }),
  )

  it('are labelled as examples with their date (docs/platform.md §6.3)', () => {
    expect(Object.keys(models).sort()).toEqual(['360dialog-regular-example', 'gupshup-example', 'saas-inbox-example', 'twilio-example'])
    for (const model of Object.values(models)) expect([model.example, /^\d{4}-\d{2}-\d{2}$/.test(model.retrieved)]).toEqual([true, true])
  })

  it('hold the figures of §6.3 in micro-units', () => {
    expect(models['twilio-example']).toMatchObject({ messageFees: [{ direction: 'any', categories: 'all', amount: { kind: 'flat', micros: 5_000 } }], failedMessageFee: 1_000 })
    expect(models['gupshup-example']!.messageFees).toEqual([
      { direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros: 1_000 } },
      { direction: 'outbound', categories: ['marketing'], amount: { kind: 'percent_of_platform', basisPoints: 600 } },
    ])
    expect(models['360dialog-regular-example']).toMatchObject({ subscriptionPerNumberPerMonth: 25_000_000, messageFees: [] })
    expect(models['saas-inbox-example']).toMatchObject({ subscriptionPerNumberPerMonth: 149_000_000, setupFeePerNumber: 100_000_000 })
  })
})

describe('rate card files', () => {
  const CSV = [
    '# A user-loaded card, e.g. from parley cost rates import',
    '# id: my-card-2027-01',
    '# model: per_message',
    '# currency: USD',
    '# effective_from: 2027-01-01',
    '# source: Meta rate card CSV, downloaded by hand',
    '# retrieved: 2026-12-20',
    '# free_allowance: {per_number_per_month: 1000, categories: [service]}',
    'market,category,tier_from,price',
    'BR,marketing,0,0.0625',
    'BR,utility,100000,0.0060',
    'BR,utility,0,0.0068',
    'BR,authentication,0,0.0068',
    'BR,service,0,0.0068',
    'other,template,0,0.0604',
    'other,service,0,0.0077',
  ].join('\n')

  it('read from CSV: metadata from # lines, tiers in any row order, `template` for the three template categories', () => {
    const result = parseRateCardCsv(CSV)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.value).toMatchObject({ id: 'my-card-2027-01', effectiveFrom: Date.UTC(2027, 0, 1), freeInWindow: [], freeAllowance: { perNumberPerMonth: 1000, categories: ['service'] } })
    expect(result.value.markets.BR!.utility).toEqual([{ from: 0, micros: 6_800 }, { from: 100_000, micros: 6_000 }])
    expect(result.value.markets.other).toEqual({ marketing: [{ from: 0, micros: 60_400 }], utility: [{ from: 0, micros: 60_400 }], authentication: [{ from: 0, micros: 60_400 }], service: [{ from: 0, micros: 7_700 }] })
  })

  it.each([
    ['a bad row', CSV + '\nBR,utility,zero,0.0068', /line 17/],
    ['a price finer than a micro-unit', CSV.replace('0.0625', '0.00000001'), /not a price/],
    ['no header', CSV.replace('market,category,tier_from,price\n', ''), /header/],
    ['no other market', CSV.replace(/\nother,[^\n]*/g, ''), /"other" market/],
    ['tiers not from 0', CSV.replace('BR,utility,0,0.0068', 'BR,utility,5,0.0068'), /start from 0/],
    ['an unknown category', CSV + '\nBR,promo,0,0.01', /promo/],
  ])('refuse %s', (_name, text, message) => {
    const result = parseRateCardCsv(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toMatch(message)
  })

  it('refuse unknown keys and missing sources in YAML', () => {
    const yaml = readFileSync(join(CARDS, 'meta-pmp-2026-10.yaml'), 'utf8')
    const unknown = parseRateCardYaml(yaml.replace('free_entry_point_hours: 72', 'free_entry_point_hour: 72'))
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.message).join()).toMatch(/free_entry_point_hour/)
    const sourceless = parseRateCardYaml(yaml.replace(/^source:.*$/m, ''))
    expect(sourceless.ok ? [] : sourceless.errors.map((e) => e.path)).toContain('source')
  })
})

describe('decimalToMicros', () => {
  it.each([
    [0.0068, 6_800],
    ['0.0068', 6_800],
    [25, 25_000_000],
    [0.048, 48_000],
    [0.1365, 136_500],
    ['1.000001', 1_000_001],
    [1e-7, null],
    [-1, null],
    ['1,5', null],
  ] as const)('%s → %s', (value, micros) => {
    expect(decimalToMicros(value)).toBe(micros)
  })
})

describe('the loader outside the core (src/runtime/cost-files.ts)', () => {
  it('finds the shipped folders and loads the default cards, examples only when asked', async () => {
    const { loadFeeModelFiles, loadRateCardFiles, shippedCostDir } = await import('../../../src/runtime/cost-files.js')
    expect(loadRateCardFiles(shippedCostDir('cards'))).toEqual(DEFAULT_RATE_CARDS)
    expect(loadRateCardFiles(shippedCostDir('cards'), { includeExamples: true }).map((c) => c.id)).toContain('per-template-2020-example')
    expect(loadFeeModelFiles(shippedCostDir('fee-models'))).toHaveLength(4)
  })
})
