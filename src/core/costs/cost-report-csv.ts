import type { CostReport, CostReportRow } from './cost-report.js'

const COLUMNS = [
  'label',
  'currency',
  'outbound',
  'inbound',
  'failed',
  'delivered',
  'read',
  'replied',
  'estimates',
  'free_allowance',
  'platform_micros',
  'provider_micros',
  'total_micros',
  'average_micros',
  'per_delivered_micros',
  'per_read_micros',
  'per_replied_micros',
] as const

function cell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  // A spreadsheet runs a cell that starts like a formula; a template named "=HYPERLINK(…)" stays text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function values(row: CostReportRow): Array<string | number | null> {
  return [
    row.label,
    row.currency,
    row.outbound,
    row.inbound,
    row.failed,
    row.delivered,
    row.read,
    row.replied,
    row.estimates,
    row.freeAllowance,
    row.platformMicros,
    row.providerMicros,
    row.totalMicros,
    row.averageMicros,
    row.perDeliveredMicros,
    row.perReadMicros,
    row.perRepliedMicros,
  ]
}

/**
 * The report as CSV (RFC 4180, CRLF): a header, one line per group, then the totals, whose first
 * column says `total` (a group's says `group`, so a template named "total" is never mistaken for them).
 * Money stays in integer micro-units, as the API gives it.
 */
export function costReportCsv(report: CostReport): string {
  const lines = [['row', report.groupBy, ...COLUMNS].join(',')]
  for (const row of report.rows) lines.push(['group', row.key, ...values(row)].map(cell).join(','))
  for (const row of report.totals) lines.push(['total', null, ...values(row)].map(cell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
