import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { BudgetStore } from '../../core/costs/budget.js'
import { budgetReport, type BudgetReport } from '../../core/costs/budget-standing.js'
import { RATE_CATEGORIES } from '../../core/costs/rate-card.js'
import { setBudgets, type BudgetInput } from '../../core/costs/set-budgets.js'
import { ParleyError } from '../../core/errors.js'
import type { Clock } from '../../core/ports.js'
import { toIso } from '../../core/shared/time.js'
import { errorSchema } from '../schemas.js'

const budgetSchema = z.object({
  scope: z.enum(['category', 'sender']),
  /** The scope's key, as the spend, the alerts and the metric name it: `category:marketing`, `sender:+55…`. */
  key: z.string(),
  category: z.enum([...RATE_CATEGORIES, 'sms']).optional(),
  sender: z.string().optional(),
  /** The amount in decimal units of the currency, as written in the file. */
  amount: z.number(),
  amount_micros: z.number().int(),
  hard_stop: z.boolean(),
  spent_micros: z.number().int(),
  used_ratio: z.number(),
})

const reportSchema = z.object({
  month: z.string(),
  /** Null while no budgets were ever set. */
  currency: z.string().nullable(),
  version: z.number().int(),
  updated_at: z.string().nullable(),
  budgets: z.array(budgetSchema),
})

function view(report: BudgetReport): z.infer<typeof reportSchema> {
  return {
    month: report.month,
    currency: report.stored?.document.currency ?? null,
    version: report.stored?.version ?? 0,
    updated_at: report.stored ? toIso(report.stored.updatedAt) : null,
    budgets: report.uses.map(({ budget, scope, spentMicros, usedRatio }) => ({
      scope: budget.scope,
      key: scope,
      ...(budget.scope === 'category' ? { category: budget.category } : { sender: budget.sender }),
      amount: budget.amountMicros / 1_000_000,
      amount_micros: budget.amountMicros,
      hard_stop: budget.hardStop,
      spent_micros: spentMicros,
      used_ratio: usedRatio,
    })),
  }
}

const YAML_TYPES = ['text/yaml', 'application/yaml', 'application/x-yaml']
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase()

/** The monthly budgets and this month's spend against them; replacing them (`parley cost budgets set` does the same). */
export const costBudgetRoutes: FastifyPluginAsyncZod<{ budgets: BudgetStore; clock: Clock }> = async (app, { budgets, clock }) => {
  // A YAML file's text stands in the body as `{text}`; the content type says it was a file.
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, { text: body }))

  app.get(
    '/v1/costs/budgets',
    {
      schema: {
        summary: 'The budgets and this month\'s spend',
        description: 'Each budget with what this calendar month (UTC) spent against it: estimates as messages are accepted or received, corrected by the finals.',
        tags: ['costs'],
        response: { 200: reportSchema, 401: errorSchema },
      },
    },
    async () => view(await budgetReport(budgets, clock.now())),
  )

  app.put(
    '/v1/costs/budgets',
    {
      schema: {
        summary: 'Replace the budgets',
        description:
          'The document as JSON, or its YAML file as `text/yaml` (see README "Budgets"). It replaces the budgets in force for every Parley process. An invalid one changes nothing and answers 422 `budget_invalid` with every mistake in `details.issues`.',
        tags: ['costs'],
        body: z.record(z.string(), z.unknown()),
        response: { 200: reportSchema, 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const yaml = YAML_TYPES.includes(mediaType(request.headers['content-type']))
      const input: BudgetInput = yaml ? { format: 'yaml', text: String(request.body.text) } : { format: 'value', value: request.body }
      const result = await setBudgets(budgets, input, clock.now())
      if (!result.ok) {
        const summary = result.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')
        throw new ParleyError('budget_invalid', `The budgets have errors: ${summary}`, { issues: result.issues })
      }
      return view(result.report)
    },
  )
}
