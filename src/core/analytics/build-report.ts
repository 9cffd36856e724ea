import type { DayRange } from './date-range.js'
import { dayOfBucket } from './date-range.js'
import type { OutcomeCount, StatusCount, WaitCount } from './model.js'
import { percentile, rate, type Weighted } from './percentile.js'

/** How the status chart stacks a day's outbound messages. */
export const STATUS_GROUPS = ['pending', 'sent', 'delivered', 'read', 'failed', 'stale', 'cancelled'] as const
export type StatusGroup = (typeof STATUS_GROUPS)[number]

const GROUP_OF: Record<string, StatusGroup> = {
  scheduled: 'pending',
  queued: 'pending',
  sending: 'pending',
  accepted: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  stale: 'stale',
  cancelled: 'cancelled',
}

export interface DayStatuses {
  date: string
  outbound: Record<StatusGroup, number>
  inbound: number
}

export interface OutcomeRow {
  /** The template's name, or the business event's type; null for messages without one. */
  key: string | null
  attempted: number
  delivered: number
  read: number
  failed: number
  replied: number
  deliveryRate: number | null
  readRate: number | null
  replyRate: number | null
}

export interface Waits {
  answered: number
  unanswered: number
  medianSeconds: number | null
  p90Seconds: number | null
}

export interface DayWaits extends Waits {
  date: string
}

export interface MessageReport {
  zone: string
  from: string
  to: string
  byDay: DayStatuses[]
  byTemplate: OutcomeRow[]
  byEventType: OutcomeRow[]
  responseTimes: DayWaits[]
  /** The same over the whole range (not an average of the days' medians). */
  responseTimeTotal: Waits
  /** The cost engine (issue 12) is not there yet: null until Parley prices what it sends. */
  spend: null
}

export interface ReportInput {
  statusCounts: readonly StatusCount[]
  outcomes: readonly OutcomeCount[]
  waits: readonly WaitCount[]
}

/** Folds what the store counted per bucket into the range's local days, and the outcomes into rates. */
export function buildMessageReport(range: DayRange, input: ReportInput): MessageReport {
  return {
    zone: range.zone,
    from: range.dates[0]!,
    to: range.dates[range.dates.length - 1]!,
    byDay: statusesByDay(range, input.statusCounts),
    byTemplate: outcomeRows(input.outcomes, (o) => o.templateName),
    byEventType: outcomeRows(input.outcomes, (o) => o.eventType),
    responseTimes: waitsByDay(range, input.waits),
    responseTimeTotal: waitsOf(input.waits.filter((w) => dayOfBucket(range, w.bucket) >= 0)),
    spend: null,
  }
}

function statusesByDay(range: DayRange, counts: readonly StatusCount[]): DayStatuses[] {
  const days = range.dates.map((date) => ({ date, outbound: emptyGroups(), inbound: 0 }))
  for (const c of counts) {
    const day = days[dayOfBucket(range, c.bucket)]
    if (!day) continue
    if (c.direction === 'inbound') day.inbound += c.count
    else {
      const group = GROUP_OF[c.status]
      if (group) day.outbound[group] += c.count
    }
  }
  return days
}

function emptyGroups(): Record<StatusGroup, number> {
  return Object.fromEntries(STATUS_GROUPS.map((g) => [g, 0])) as Record<StatusGroup, number>
}

/** One row per key, most attempted first (then by key, messages without one last). */
function outcomeRows(outcomes: readonly OutcomeCount[], keyOf: (o: OutcomeCount) => string | null): OutcomeRow[] {
  const sums = new Map<string | null, Omit<OutcomeRow, 'deliveryRate' | 'readRate' | 'replyRate'>>()
  for (const o of outcomes) {
    const key = keyOf(o)
    const row = sums.get(key) ?? { key, attempted: 0, delivered: 0, read: 0, failed: 0, replied: 0 }
    row.attempted += o.attempted
    row.delivered += o.delivered
    row.read += o.read
    row.failed += o.failed
    row.replied += o.replied
    sums.set(key, row)
  }
  return [...sums.values()]
    .filter((row) => row.attempted > 0)
    .sort((a, b) => b.attempted - a.attempted || compareKeys(a.key, b.key))
    .map((row) => ({
      ...row,
      deliveryRate: rate(row.delivered, row.attempted),
      readRate: rate(row.read, row.attempted),
      replyRate: rate(row.replied, row.attempted),
    }))
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

function waitsByDay(range: DayRange, waits: readonly WaitCount[]): DayWaits[] {
  const perDay: WaitCount[][] = range.dates.map(() => [])
  for (const w of waits) perDay[dayOfBucket(range, w.bucket)]?.push(w)
  return range.dates.map((date, i) => ({ date, ...waitsOf(perDay[i]!) }))
}

function waitsOf(waits: readonly WaitCount[]): Waits {
  const answered: Weighted[] = []
  let unanswered = 0
  for (const w of waits) {
    if (w.seconds === null) unanswered += w.count
    else answered.push({ value: w.seconds, count: w.count })
  }
  return {
    answered: answered.reduce((sum, w) => sum + w.count, 0),
    unanswered,
    medianSeconds: percentile(answered, 0.5),
    p90Seconds: percentile(answered, 0.9),
  }
}
