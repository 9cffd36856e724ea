import type { Command } from 'commander'
import { z } from 'zod'
import type { ParleyConfig } from '../config.js'
import { isTimeZone } from '../core/shared/time-zone.js'
import { costReportCsv } from '../core/costs/cost-report-csv.js'
import { costReportJson } from '../core/costs/cost-report-json.js'
import { costReportTable } from '../core/costs/cost-report-table.js'
import { COST_GROUPS, senderNumbers } from '../core/costs/cost-report.js'
import { isReportBound, MAX_REPORT_DAYS } from '../core/costs/report-range.js'
import { reportCosts } from '../core/costs/report-costs.js'
import { isParleyError } from '../core/errors.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

// The same bounds as GET /v1/costs (src/http/routes/cost-reports.ts).
const options = z.object({
  days: z.coerce.number().int().min(1).max(MAX_REPORT_DAYS).default(30),
  from: z.string().max(40).refine(isReportBound, 'a date (YYYY-MM-DD) or an instant with its offset').optional(),
  to: z.string().max(40).refine(isReportBound, 'a date (YYYY-MM-DD) or an instant with its offset').optional(),
  groupBy: z.enum(COST_GROUPS).default('day'),
  zone: z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Europe/Istanbul').default('UTC'),
  csv: z.boolean().optional(),
  json: z.boolean().optional(),
})

/** `parley cost report`: what the stored messages of a range cost, as a table, CSV or JSON. */
export function registerCostReportCommand(cost: Command, config: () => ParleyConfig): void {
  cost
    .command('report')
    .description('what the messages of a range cost, by day, week, month, event type, rule, template, country, category, provider or sender')
    .option('--days <n>', `the last n local days, today included (1-${MAX_REPORT_DAYS}; default 30)`)
    .option('--from <date>', 'first local day (YYYY-MM-DD) or instant (2026-12-01T00:00:00Z)')
    .option('--to <date>', 'last local day, inclusive, or the instant the range ends before')
    .option('--group-by <group>', COST_GROUPS.join('|'), 'day')
    .option('--zone <zone>', 'IANA zone the days are counted in', 'UTC')
    .option('--csv', 'print CSV (money in micro-units)')
    .option('--json', 'print JSON, as GET /v1/costs answers')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = options.safeParse(raw)
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('; ')
        throw new CliError(`parley cost report: validation_failed: ${issues}`, 2)
      }
      const { days, from, to, groupBy, zone, csv, json } = parsed.data
      const report = await withParley(config(), (parley) =>
        reportCosts(parley.costReports, { days, zone, groupBy, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, Date.now(), senderNumbers(parley.config.senders)),
      ).catch((error: unknown) => {
        if (isParleyError(error)) throw new CliError(`parley cost report: ${error.code}: ${error.message}`, 2)
        throw error
      })
      const text = csv ? costReportCsv(report) : json ? `${JSON.stringify(costReportJson(report), null, 2)}\n` : `${costReportTable(report)}\n`
      process.stdout.write(text)
    })
}
