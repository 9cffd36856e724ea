import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { costReportCsv } from '../../core/costs/cost-report-csv.js'
import { costReportJson } from '../../core/costs/cost-report-json.js'
import { COST_GROUPS, type CostReportStore } from '../../core/costs/cost-report.js'
import { isReportBound, MAX_REPORT_DAYS } from '../../core/costs/report-range.js'
import { reportCosts } from '../../core/costs/report-costs.js'
import type { Clock } from '../../core/ports.js'
import { errorSchema, timeZoneSchema } from '../schemas.js'

export interface CostReportRoutesDeps {
  reports: CostReportStore
  clock: Clock
  /** Each sender id's business number (E.164), for group_by=sender. */
  senderNumbers: ReadonlyMap<string, string>
}

const bound = z.string().max(40).refine(isReportBound, 'a date (YYYY-MM-DD) or an instant with its offset (2026-12-01T00:00:00Z)')

const reportQuery = z.object({
  from: bound.optional().describe('First local day (inclusive) or first instant. Without it the range is the `days` local days that end with `to`.'),
  to: bound.optional().describe('Last local day (inclusive) or the instant the range ends before (default: the end of today in `zone`).'),
  days: z.coerce.number().int().min(1).max(MAX_REPORT_DAYS).default(30).describe('The length of the range when `from` is not given.'),
  zone: timeZoneSchema.default('UTC').describe('IANA zone the dates and the day, week and month groups are counted in.'),
  group_by: z.enum(COST_GROUPS).default('day').describe('A period (day, ISO week, month in `zone`) or a fact of the message.'),
  format: z.enum(['json', 'csv']).optional().describe('csv: the same rows as CSV (also with `Accept: text/csv`).'),
})

const micros = z.number().int()
const perMessage = micros.nullable()

const rowSchema = z.object({
  key: z.string().nullable().describe('The period, or the event type, rule id, template name, country (billing market), category, provider/account or sender id; null: messages without one (inbound ones have no template, rule or event).'),
  label: z.string().nullable().describe('For group_by=sender: the business number of that sender in the configuration; else null.'),
  currency: z.string().nullable().describe('Rows per currency; null: messages Parley did not price (SMS, stored before costs).'),
  messages: z.object({ outbound: z.number().int(), inbound: z.number().int(), failed: z.number().int().describe('Outbound, reported failed.') }),
  delivered: z.number().int().describe('Outbound, delivered or read.'),
  read: z.number().int(),
  replied: z.number().int().describe('Outbound messages the contact wrote back to within 24 hours.'),
  estimates: z.number().int().describe('Messages whose total is still their estimate: the platform has not said what it billed.'),
  free_allowance: z.number().int().describe('Messages in the monthly free allowance of service messages (docs/platform.md §6.1).'),
  platform_micros: micros,
  provider_micros: micros,
  total_micros: micros.describe('Final costs where known, else estimates.'),
  average_micros: perMessage.describe('total / (outbound + inbound).'),
  per_delivered_micros: perMessage,
  per_read_micros: perMessage,
  per_replied_micros: perMessage,
})

const reportSchema = z
  .object({
    group_by: z.enum(COST_GROUPS),
    zone: z.string(),
    from: z.string().describe('The first instant counted.'),
    to: z.string().describe('The instant the range ends before.'),
    rows: z.array(rowSchema),
    totals: z.array(rowSchema).describe('The whole range, one row per currency (key null).'),
  })
  .meta({ id: 'CostReport' })

const wantsCsv = (accept: string | undefined) => accept !== undefined && /(^|,)\s*text\/csv\b/i.test(accept)

/** Spend over a range, grouped by period or by a fact of the message: GET /v1/costs. */
export const costReportRoutes: FastifyPluginAsyncZod<CostReportRoutesDeps> = async (app, { reports, clock, senderNumbers }) => {
  app.get(
    '/v1/costs',
    {
      schema: {
        summary: 'What the messages of a range cost, by day, week, month, event type, rule, template, country, category, provider or sender',
        description: `Messages created in the range, at most ${MAX_REPORT_DAYS} days: \`range_invalid\` when it ends before it starts, \`range_too_long\` past that. \`format=csv\` or \`Accept: text/csv\` answers \`text/csv\` with one line per row and the totals last.`,
        tags: ['costs'],
        querystring: reportQuery,
        response: { 200: z.union([reportSchema, z.string().describe('The report as text/csv (format=csv or Accept: text/csv).')]), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const { from, to, days, zone, group_by, format } = request.query
      const report = await reportCosts(reports, { days, zone, groupBy: group_by, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, clock.now(), senderNumbers)
      if (format === 'csv' || (format === undefined && wantsCsv(request.headers.accept))) {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="parley-costs-${group_by}.csv"`).send(costReportCsv(report))
      }
      return costReportJson(report)
    },
  )
}
