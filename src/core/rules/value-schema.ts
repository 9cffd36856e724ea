import { z } from 'zod'
import { SEND_ROOTS } from './expression/ast.js'
import { parseExpression } from './expression/parse-expression.js'
import { CURRENCY_DISPLAYS, DATE_STYLES, FORMAT_NAMES, MONEY_UNITS, type CurrencySource, type FormatName, type ValueFormat, type ValueMap, type ValueSpec } from './model.js'
import { oneOf, sendExpression } from './schema-parts.js'

// The written form of a template value: a bare expression, a fixed text, or { from, format, … }
// with only the options of that format.

const formatFields = {
  format: oneOf(FORMAT_NAMES, 'format').optional(),
  style: oneOf(DATE_STYLES, 'style').optional(),
  pattern: z.string().min(1).optional(),
  decimals: z.number().int().min(0).max(20).optional(),
  currency: z.string().min(1).optional(),
  unit: oneOf(MONEY_UNITS, 'unit').optional(),
  display: oneOf(CURRENCY_DISPLAYS, 'currency display').optional(),
}

/** The options each format takes; any other is refused, pointing at it. */
const OPTIONS_OF: Record<FormatName, ReadonlyArray<keyof typeof formatFields>> = {
  text: [],
  number: ['decimals'],
  date: ['style', 'pattern'],
  time: ['style', 'pattern'],
  datetime: ['style', 'pattern'],
  money: ['currency', 'unit', 'display'],
}

const valueFields = z.object({ from: sendExpression.optional(), literal: z.union([z.string(), z.number(), z.boolean()]).optional(), ...formatFields }).strict()

/** `{ from, format, … }` or `{ literal }`, each option checked against the format. */
const valueObject = valueFields.transform((v, ctx): ValueSpec => {
  if ((v.from === undefined) === (v.literal === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give either from: (a path or expression) or literal: (fixed text)' })
    return z.NEVER
  }
  const format = v.format ?? 'text'
  const allowed = v.literal === undefined ? OPTIONS_OF[format] : []
  for (const key of ['style', 'pattern', 'decimals', 'currency', 'unit', 'display'] as const) {
    if (v[key] !== undefined && !allowed.includes(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: v.literal !== undefined ? `${key} applies to from:, not to a literal` : `${key} does not apply to format ${format}` })
    }
  }
  if (v.style !== undefined && v.pattern !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'give style or pattern, not both' })
  if (format === 'time' && v.style === 'day') ctx.addIssue({ code: 'custom', path: ['style'], message: 'a time has no "day" style: short, medium, long or full' })
  if (format === 'money' && v.currency === undefined) ctx.addIssue({ code: 'custom', message: 'money needs a currency: a code like EUR or a path like data.payment.currency' })
  const currency = v.currency === undefined ? null : currencyOf(v.currency, ctx)
  if (v.literal !== undefined) return { kind: 'literal', text: String(v.literal) }
  return { kind: 'expression', expression: v.from!, format: toFormat(format, v, currency) }
})

/** `EUR` is a code; anything else is an expression giving one (`data.payment.currency`). */
function currencyOf(text: string, ctx: z.RefinementCtx): CurrencySource | null {
  if (/^[A-Z]{3}$/.test(text)) return { kind: 'fixed', code: text }
  const parsed = parseExpression(text, { roots: SEND_ROOTS })
  if (parsed.ok) return { kind: 'expression', expression: parsed.expression }
  ctx.addIssue({ code: 'custom', path: ['currency'], message: `a currency code like EUR or a path: ${parsed.message}` })
  return null
}

type FormatOptions = Pick<z.output<typeof valueFields>, 'style' | 'pattern' | 'decimals' | 'unit' | 'display'>

function toFormat(format: FormatName, v: FormatOptions, currency: CurrencySource | null): ValueFormat {
  switch (format) {
    case 'text':
      return { kind: 'text' }
    case 'number':
      return { kind: 'number', decimals: v.decimals ?? null }
    case 'money':
      // A missing currency was reported above; the placeholder never reaches evaluation.
      return { kind: 'money', currency: currency ?? { kind: 'fixed', code: '' }, unit: v.unit ?? 'major', display: v.display ?? 'symbol' }
    default:
      return { kind: format, style: v.style ?? (format === 'time' ? 'short' : 'day'), pattern: v.pattern ?? null }
  }
}

/** A param: a path or expression (`data.student.first_name`), a number/boolean/`{ literal }`, or `{ from, format, … }`. */
export const value = z.union(
  [
    sendExpression.transform((e): ValueSpec => ({ kind: 'expression', expression: e, format: { kind: 'text' } })),
    z.union([z.number(), z.boolean()]).transform((v): ValueSpec => ({ kind: 'literal', text: String(v) })),
    valueObject,
  ],
  { error: 'a path like data.student.first_name, a number, or { from: …, format: … } / { literal: … }' },
)

/** Template values: a map of variable → value, or a list for positional ones. */
export const valueMap = z.union(
  [
    z.array(value).transform((items): ValueMap => ({ kind: 'positional', items })),
    z.record(z.string().regex(/^[a-z_][a-z0-9_]*$|^[1-9]\d*$/, 'a template variable name like child_name'), value).transform((entries): ValueMap => ({ kind: 'named', entries })),
  ],
  { error: 'a map of variable → value ({ child_name: data.student.first_name }) or a list for {{1}}, {{2}}…' },
)

