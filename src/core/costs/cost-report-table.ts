import type { CostReport, CostReportRow } from './cost-report.js'
import { formatMoney } from './format-money.js'

const HEADERS = ['currency', 'out', 'in', 'failed', 'total', 'estimates', 'free', 'per message', 'per delivered', 'per read', 'per replied'] as const

function cells(label: string, row: CostReportRow): string[] {
  const money = (micros: number | null, per = false) => (micros === null || row.currency === null ? '-' : formatMoney(micros, row.currency, { per }))
  return [
    label,
    row.currency ?? 'unpriced',
    String(row.outbound),
    String(row.inbound),
    String(row.failed),
    money(row.totalMicros),
    String(row.estimates),
    String(row.freeAllowance),
    money(row.averageMicros, true),
    money(row.perDeliveredMicros, true),
    money(row.perReadMicros, true),
    money(row.perRepliedMicros, true),
  ]
}

/**
 * The report as `parley cost report` prints it: one aligned line per row (the key left, figures
 * right), a rule, then the totals. `-` where there is nothing to divide by; `(none)` for messages
 * without the grouped fact.
 */
export function costReportTable(report: CostReport): string {
  const lines = [[report.groupBy, ...HEADERS], ...report.rows.map((r) => cells(r.key === null ? '(none)' : r.label ? `${r.key} ${r.label}` : r.key, r))]
  const totals = report.totals.map((r) => cells('total', r))
  const widths = lines[0]!.map((_, i) => Math.max(...[...lines, ...totals].map((l) => l[i]!.length)))
  const render = (l: string[]) => l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [...lines.map(render), rule, ...totals.map(render)].join('\n')
}
