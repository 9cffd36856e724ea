import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { Budget, BudgetDocument } from './budget.js'
import { issuesToErrors, priceSchema, type CostFileResult } from './decimal.js'
import { RATE_CATEGORIES } from './rate-card.js'

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'a business number in E.164 with a leading +, e.g. +5511987650000')
/** A budget is an amount to stay under: zero would alert (and stop) on the first message. */
const amountSchema = priceSchema.refine((micros) => micros > 0, 'a budget must be more than 0')

const budgetSchema = z.discriminatedUnion('scope', [
  z
    .strictObject({ scope: z.literal('category'), category: z.enum([...RATE_CATEGORIES, 'sms']), amount: amountSchema, hard_stop: z.boolean().optional() })
    .superRefine((b, ctx) => {
      if (b.hard_stop === true && b.category !== 'marketing') {
        ctx.addIssue({ code: 'custom', path: ['hard_stop'], message: `a hard stop applies to marketing only, not to ${b.category}: a budget on ${b.category} can alert but never refuse a send` })
      }
    }),
  z.strictObject({ scope: z.literal('sender'), sender: e164, amount: amountSchema, hard_stop: z.boolean().optional() }),
])

/**
 * The budgets file (YAML or JSON; README "Budgets"): amounts in decimal units of `currency`.
 * `hard_stop` may only stop marketing: on a category budget it is refused for any other category,
 * and on a sender's budget it stops that number's marketing sends only.
 */
export const budgetFileSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD'),
    budgets: z.array(budgetSchema).max(500),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>()
    file.budgets.forEach((b, i) => {
      const key = b.scope === 'category' ? `category:${b.category}` : `sender:${b.sender}`
      const first = seen.get(key)
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['budgets', i], message: `a second budget for ${key} (the first is budgets.${first})` })
      else seen.set(key, i)
    })
  })
  .transform(
    (file): BudgetDocument => ({
      currency: file.currency,
      budgets: file.budgets.map((b): Budget =>
        b.scope === 'category'
          ? { scope: 'category', category: b.category, amountMicros: b.amount, hardStop: b.hard_stop === true }
          : { scope: 'sender', sender: b.sender, amountMicros: b.amount, hardStop: b.hard_stop === true },
      ),
    }),
  )

/** Validates an already-parsed document (YAML or JSON) as budgets. */
export function budgetsFromValue(value: unknown): CostFileResult<BudgetDocument> {
  const parsed = budgetFileSchema.safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesToErrors(parsed.error.issues) }
}

/** Reads budgets written as YAML (JSON is YAML too). */
export function parseBudgetsYaml(text: string): CostFileResult<BudgetDocument> {
  let value: unknown
  try {
    value = parseYaml(text, { uniqueKeys: true })
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: (error as Error).message.split('\n')[0]! }] }
  }
  return budgetsFromValue(value)
}

/** Micro-units as a decimal number (exact: at most 6 places). */
const decimal = (micros: number) => micros / 1_000_000

/** The document back in its file form: how it is kept and shown; `budgetsFromValue` reads it back the same. */
export function budgetsToValue(document: BudgetDocument): { currency: string; budgets: Array<Record<string, unknown>> } {
  return {
    currency: document.currency,
    budgets: document.budgets.map((b) => ({
      scope: b.scope,
      ...(b.scope === 'category' ? { category: b.category } : { sender: b.sender }),
      amount: decimal(b.amountMicros),
      ...(b.hardStop ? { hard_stop: true } : {}),
    })),
  }
}
