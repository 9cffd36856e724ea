import { ParleyError } from '../errors.js'
import type { Instant } from '../shared/time.js'
import { buildCostReport, type CostGroup, type CostReport, type CostReportStore } from './cost-report.js'
import { resolveReportRange, type ReportRangeRequest } from './report-range.js'

/**
 * What the messages of a range cost, grouped by `groupBy` (the API's GET /v1/costs and `parley
 * cost report`). A range that ends before it starts or is too long is a ParleyError
 * (`range_invalid`, `range_too_long`), as for the dashboard's report. `senderNumbers` labels each
 * sender id with its business number.
 */
export async function reportCosts(
  store: CostReportStore,
  request: ReportRangeRequest & { groupBy: CostGroup },
  now: Instant,
  senderNumbers: ReadonlyMap<string, string> = new Map(),
): Promise<CostReport> {
  const range = resolveReportRange(request, now)
  if (range.kind === 'invalid') throw new ParleyError(range.code, range.message, range.details)
  const aggregates = await store.aggregate(range, request.groupBy)
  return buildCostReport({ groupBy: request.groupBy, zone: request.zone, start: range.start, end: range.end }, aggregates, senderNumbers)
}
