import { toIso } from '../shared/time.js'
import type { CostReport, CostReportRow } from './cost-report.js'

function rowJson(r: CostReportRow) {
  return {
    key: r.key,
    label: r.label,
    currency: r.currency,
    messages: { outbound: r.outbound, inbound: r.inbound, failed: r.failed },
    delivered: r.delivered,
    read: r.read,
    replied: r.replied,
    estimates: r.estimates,
    free_allowance: r.freeAllowance,
    platform_micros: r.platformMicros,
    provider_micros: r.providerMicros,
    total_micros: r.totalMicros,
    average_micros: r.averageMicros,
    per_delivered_micros: r.perDeliveredMicros,
    per_read_micros: r.perReadMicros,
    per_replied_micros: r.perRepliedMicros,
  }
}

/** The report as GET /v1/costs answers it and `parley cost report --json` prints it. */
export function costReportJson(report: CostReport) {
  return { group_by: report.groupBy, zone: report.zone, from: toIso(report.start), to: toIso(report.end), rows: report.rows.map(rowJson), totals: report.totals.map(rowJson) }
}
