import { z } from 'zod'

/**
 * A decimal amount of a currency as integer micro-units, exactly: the digits are read from the
 * number's shortest text form (`String(0.0068)` is "0.0068"), never multiplied as a float.
 * Null when it is negative, not a plain decimal, or finer than a micro-unit.
 */
export function decimalToMicros(value: number | string): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim()
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text)
  if (!match) return null
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'))
  return Number.isSafeInteger(micros) ? micros : null
}

/** A price in a file: a non-negative decimal (number or string) of at most 6 places → micro-units. */
export const priceSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const micros = decimalToMicros(value)
  if (micros === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a price: write a non-negative decimal with at most 6 places, e.g. 0.0068` })
    return z.NEVER
  }
  return micros
})

/** A calendar date `YYYY-MM-DD` (UTC midnight) or a full ISO instant → epoch milliseconds. */
export const instantSchema = z.string().transform((value, ctx) => {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
  const at = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(at)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a date: write YYYY-MM-DD or an ISO 8601 instant` })
    return z.NEVER
  }
  return at
})

/** A day `YYYY-MM-DD`, kept as text (when a source was read). */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD')

/** One mistake in a cost data file: where (a dotted path, or `line N` for CSV) and what. */
export interface CostFileError {
  path: string
  message: string
}

export type CostFileResult<T> = { ok: true; value: T } | { ok: false; errors: CostFileError[] }

/** Zod's issues as file errors. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): CostFileError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
