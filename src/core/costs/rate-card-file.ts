import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { daySchema, instantSchema, issuesToErrors, priceSchema, type CostFileError, type CostFileResult } from './decimal.js'
import { OTHER_MARKET, RATE_CATEGORIES, type MarketRates, type RateCard, type TierTable } from './rate-card.js'

const tierListSchema = z
  .array(z.strictObject({ from: z.number().int().min(0), price: priceSchema }))
  .min(1)
  .superRefine((tiers, ctx) => {
    if (tiers[0]!.from !== 0) ctx.addIssue({ code: 'custom', message: 'the first tier must start from 0 messages' })
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i]!.from <= tiers[i - 1]!.from) ctx.addIssue({ code: 'custom', path: [i, 'from'], message: 'tiers must be in ascending order of `from`' })
    }
  })

/** A flat price, or a volume tier table (`[{from: 0, price: 0.0068}, {from: 100000, price: 0.006}]`). */
const tiersSchema = z
  .preprocess((value) => (Array.isArray(value) ? value : [{ from: 0, price: value }]), tierListSchema)
  .transform((tiers): TierTable => tiers.map((t) => ({ from: t.from, micros: t.price })))

/** `template` is shorthand for the three template categories (the per-template model had one price for all). */
const marketSchema = z
  .strictObject({
    template: tiersSchema.optional(),
    marketing: tiersSchema.optional(),
    utility: tiersSchema.optional(),
    authentication: tiersSchema.optional(),
    authentication_international: tiersSchema.optional(),
    service: tiersSchema,
  })
  .transform((m, ctx): MarketRates => {
    const pick = (key: 'marketing' | 'utility' | 'authentication'): TierTable => {
      const tiers = m[key] ?? m.template
      if (tiers === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `no ${key} price (give it, or a template price)` })
        return []
      }
      return tiers
    }
    const rates: MarketRates = { marketing: pick('marketing'), utility: pick('utility'), authentication: pick('authentication'), service: m.service }
    return m.authentication_international === undefined ? rates : { ...rates, authentication_international: m.authentication_international }
  })

const categorySchema = z.enum(RATE_CATEGORIES)

/** A rate card file, YAML (or the metadata of a CSV one). Keys are snake_case, prices decimal currency units. */
export const rateCardFileSchema = z
  .strictObject({
    kind: z.literal('rate_card'),
    id: z.string().min(1),
    model: z.enum(['per_message', 'per_template']),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD'),
    effective_from: instantSchema,
    effective_until: instantSchema.optional(),
    source: z.string().min(1),
    retrieved: daySchema,
    cited: z.string().optional(),
    note: z.string().optional(),
    free_in_window: z.array(categorySchema).default([]),
    free_allowance: z.strictObject({ per_number_per_month: z.number().int().min(0), categories: z.array(categorySchema).min(1) }).nullable().default(null),
    free_entry_point_hours: z.number().int().min(0).default(72),
    markets: z.record(z.string().regex(/^([A-Z]{2}|other)$/, 'an ISO country code (upper case) or "other"'), marketSchema),
  })
  .superRefine((file, ctx) => {
    if (!(OTHER_MARKET in file.markets)) ctx.addIssue({ code: 'custom', path: ['markets'], message: `the card needs an "${OTHER_MARKET}" market for countries it does not list` })
    if (file.effective_until !== undefined && file.effective_until <= file.effective_from) {
      ctx.addIssue({ code: 'custom', path: ['effective_until'], message: 'effective_until must be after effective_from' })
    }
  })
  .transform(
    (file): RateCard =>
      Object.freeze({
        id: file.id,
        model: file.model,
        currency: file.currency,
        effectiveFrom: file.effective_from,
        ...(file.effective_until === undefined ? {} : { effectiveUntil: file.effective_until }),
        source: file.source,
        retrieved: file.retrieved,
        markets: file.markets,
        freeInWindow: file.free_in_window,
        freeAllowance: file.free_allowance === null ? null : { perNumberPerMonth: file.free_allowance.per_number_per_month, categories: file.free_allowance.categories },
        freeEntryPointHours: file.free_entry_point_hours,
      }),
  )

/** Validates an already-parsed document (YAML or JSON) as a rate card. */
export function rateCardFromValue(value: unknown): CostFileResult<RateCard> {
  const parsed = rateCardFileSchema.safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesToErrors(parsed.error.issues) }
}

/** Reads a rate card written as YAML (see src/core/costs/cards/*.yaml for the format). */
export function parseRateCardYaml(text: string): CostFileResult<RateCard> {
  let value: unknown
  try {
    value = parseYaml(text, { uniqueKeys: true })
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: (error as Error).message.split('\n')[0]! }] }
  }
  return rateCardFromValue(value)
}

const CSV_HEADER = 'market,category,tier_from,price'
/** Metadata written as YAML flow values (`# free_allowance: {per_number_per_month: 1000, categories: [service]}`). */
const STRUCTURED_KEYS = new Set(['free_in_window', 'free_allowance', 'free_entry_point_hours'])

/**
 * Reads a rate card written as CSV: `# key: value` lines for the card's metadata (the YAML keys),
 * then the header `market,category,tier_from,price` and one row per market, category and tier.
 * A flat table without quoting: no field of it may contain a comma.
 */
export function parseRateCardCsv(text: string): CostFileResult<RateCard> {
  const errors: CostFileError[] = []
  const meta: Record<string, unknown> = { kind: 'rate_card' }
  const markets: Record<string, Record<string, Array<{ from: number; price: string }>>> = {}
  let sawHeader = false
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    const where = `line ${index + 1}`
    if (line === '') return
    if (line.startsWith('#')) {
      const match = /^#\s*([a-z_]+)\s*:\s*(.*)$/.exec(line)
      if (!match) return // a plain comment
      const [, key, value] = match as unknown as [string, string, string]
      try {
        meta[key] = STRUCTURED_KEYS.has(key) ? parseYaml(value) : value
      } catch {
        errors.push({ path: where, message: `"${key}" is not a YAML value` })
      }
      return
    }
    if (!sawHeader) {
      if (line.replace(/\s/g, '') !== CSV_HEADER) errors.push({ path: where, message: `expected the header "${CSV_HEADER}"` })
      sawHeader = true
      return
    }
    const cells = line.split(',').map((cell) => cell.trim())
    const [market, category, from, price] = cells
    if (cells.length !== 4 || !market || !category || !from || !price || !/^\d+$/.test(from)) {
      errors.push({ path: where, message: `expected ${CSV_HEADER}, e.g. BR,utility,0,0.0068` })
      return
    }
    const tiers = ((markets[market] ??= {})[category] ??= [])
    tiers.push({ from: Number(from), price })
  })
  if (!sawHeader) errors.push({ path: '', message: `no header "${CSV_HEADER}"` })
  if (errors.length > 0) return { ok: false, errors }
  for (const categories of Object.values(markets)) for (const tiers of Object.values(categories)) tiers.sort((a, b) => a.from - b.from)
  return rateCardFromValue({ ...meta, markets })
}

/** A card file by its name: `.csv` as CSV, anything else as YAML. */
export function parseRateCardFile(name: string, text: string): CostFileResult<RateCard> {
  return name.toLowerCase().endsWith('.csv') ? parseRateCardCsv(text) : parseRateCardYaml(text)
}
