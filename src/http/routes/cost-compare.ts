import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { compareCosts, comparePeriod, MAX_COMPARE_DAYS, type CompareCostsDeps, type CostComparison } from '../../core/costs/compare-costs.js'
import type { Clock } from '../../core/ports.js'
import { errorSchema } from '../schemas.js'
import { instantJson } from '../views.js'

const micros = z.number().int().describe('Integer micro-units of `currency` (1 USD = 1,000,000).')
const instant = z.iso.datetime({ offset: true })

const comparisonSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number(),
    currency: z.string(),
    volume: z
      .object({ sent: z.number().int(), received: z.number().int(), numbers: z.number().int(), unpriced: z.number().int().describe('Messages of days no rate card prices, left out.') })
      .describe('The 30-day month replayed: the period scaled to 30 days.'),
    models: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        example: z.boolean().describe('A shipped example modelled on a public price page: check the provider before relying on it.'),
        current: z.boolean(),
        platform_micros: micros,
        provider_messages_micros: micros,
        subscription_micros: micros,
        setup_micros: micros.describe('Paid once per number to switch to it; not in the monthly total (0 for the current model).'),
        total_micros: micros.describe('A month: platform, provider per-message fees and subscriptions.'),
        saving_vs_current_micros: micros.describe('The current model\'s total less this one\'s: positive when it would cost less.'),
      }),
    ),
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
    break_evens: z.array(
      z.object({
        a: z.string(),
        b: z.string(),
        volume: z.number().int().nullable().describe('Messages sent a month, the rest of the mix scaled alike, from which on `cheaper_above` is cheaper; null: they never cross up to `searched_up_to`.'),
        cheaper_below: z.string().nullable().describe('Without a crossing, both name the model cheaper throughout; null when they cost the same.'),
        cheaper_above: z.string().nullable(),
        searched_up_to: z.number().int().describe('100 times the volume replayed, at least 1,000,000.'),
      }),
    ),
    rules: z.array(
      z.object({
        rule: z.string(),
        events: z.number().int().describe('Distinct events in the period behind the rule\'s messages.'),
        messages: z.number().int().describe('Its messages in the month replayed.'),
        messages_per_event: z.number().nullable(),
        average_message_micros: micros,
        events_per_month: z.number().int(),
        monthly_micros: micros.describe('Through the current model.'),
      }),
    ),
    metering_change: z
      .object({
        before: z.string(),
        from: z.string(),
        categories: z.array(z.object({ category: z.string(), before_micros: micros, from_micros: micros, difference_micros: micros })),
        total: z.object({ before_micros: micros, from_micros: micros, difference_micros: micros }),
      })
      .nullable()
      .describe('The month on the card in force before 2026-10-01 and on the one from it, through the current model (docs/platform.md §6.1); null without both cards.'),
  })
  .meta({ id: 'CostComparison' })

/** The comparison as the API shows it. */
export function comparisonJson(c: CostComparison): z.output<typeof comparisonSchema> {
  return {
    from: instantJson(c.from),
    to: instantJson(c.to),
    days: c.days,
    currency: c.currency,
    volume: c.volume,
    models: c.models.map((m) => ({
      id: m.model.id,
      name: m.model.name,
      example: m.model.example,
      current: m.current,
      platform_micros: m.platform.micros,
      provider_messages_micros: m.providerMessages.micros,
      subscription_micros: m.subscription.micros,
      setup_micros: m.setup.micros,
      total_micros: m.total.micros,
      saving_vs_current_micros: m.savingVsCurrent.micros,
    })),
    skipped: c.skipped,
    break_evens: c.breakEvens.map((b) => ({ a: b.a, b: b.b, volume: b.volume, cheaper_below: b.cheaperBelow, cheaper_above: b.cheaperAbove, searched_up_to: b.searchedUpTo })),
    rules: c.rules.map((r) => ({
      rule: r.rule,
      events: r.events,
      messages: r.messages,
      messages_per_event: r.messagesPerEvent,
      average_message_micros: r.averageMessageCost.micros,
      events_per_month: r.eventsPerMonth,
      monthly_micros: r.monthly.micros,
    })),
    metering_change:
      c.meteringChange === null
        ? null
        : {
            before: c.meteringChange.before,
            from: c.meteringChange.from,
            categories: c.meteringChange.categories.map((x) => ({ category: x.category, before_micros: x.before.micros, from_micros: x.from.micros, difference_micros: x.difference.micros })),
            total: { before_micros: c.meteringChange.total.before.micros, from_micros: c.meteringChange.total.from.micros, difference_micros: c.meteringChange.total.difference.micros },
          },
  }
}

/** The period's traffic replayed against every fee model Parley knows (`parley cost compare` does the same). */
export const costCompareRoutes: FastifyPluginAsyncZod<{ compare: CompareCostsDeps; clock: Clock }> = async (app, { compare, clock }) => {
  app.get(
    '/v1/costs/compare',
    {
      schema: {
        summary: 'What the period\'s traffic costs a month through each provider model, where they break even, and what each rule costs',
        description: `\`days\` before \`to\` (default now), or \`from\`–\`to\`; 30 days by default, at most ${MAX_COMPARE_DAYS}: \`range_invalid\` when \`to\` is not after \`from\`, \`range_too_long\` past that.`,
        tags: ['costs'],
        querystring: z.object({
          days: z.coerce.number().int().min(1).max(MAX_COMPARE_DAYS).optional(),
          from: instant.optional().describe('Start, inclusive (ISO 8601 instant).'),
          to: instant.optional().describe('End, exclusive (default: now, or `from` plus `days`).'),
        }),
        response: { 200: comparisonSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const { days, from, to } = request.query
      const period = comparePeriod({ ...(days !== undefined ? { days } : {}), ...(from !== undefined ? { from: Date.parse(from) } : {}), ...(to !== undefined ? { to: Date.parse(to) } : {}) }, clock.now())
      return comparisonJson(await compareCosts(compare, period))
    },
  )
}
