import { ParleyError } from '../errors.js'
import type { Instant } from '../shared/time.js'
import { buildMessageReport, type MessageReport } from './build-report.js'
import { resolveRange, type RangeRequest } from './date-range.js'
import type { MessageAnalytics } from './model.js'

/**
 * The dashboard's message report for a range of local days: statuses per day, outcome rates per
 * template and per event type, parents' waits per day. A range that ends before it starts or is
 * too long is a ParleyError (`range_invalid`, `range_too_long`).
 */
export async function reportMessages(analytics: MessageAnalytics, request: RangeRequest, now: Instant): Promise<MessageReport> {
  const resolved = resolveRange(request, now)
  if (resolved.kind === 'invalid') throw new ParleyError(resolved.code, resolved.message, resolved.details)
  const { range } = resolved
  const statusCounts = await analytics.statusCounts(range.window)
  const outcomes = await analytics.outcomes(range.window)
  const waits = await analytics.waits(range.window)
  return buildMessageReport(range, { statusCounts, outcomes, waits })
}
