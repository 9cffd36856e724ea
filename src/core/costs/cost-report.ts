import type { Instant } from '../shared/time.js'
import { periodLabeller, type Period } from './report-range.js'

/** What a spend report groups by: a period of local time, or one of the message's own facts. */
export const COST_GROUPS = ['day', 'week', 'month', 'event_type', 'rule', 'template', 'country', 'category', 'provider', 'sender'] as const
export type CostGroup = (typeof COST_GROUPS)[number]

const PERIODS: ReadonlySet<CostGroup> = new Set<CostGroup>(['day', 'week', 'month'])

/** Whether the store groups by time bucket (the core then folds buckets into periods) rather than by a fact. */
export const isPeriod = (group: CostGroup): group is Period => PERIODS.has(group)

/**
 * One aggregate row the store computes: the messages of one group key and one currency (null:
 * messages Parley never priced, such as SMS or those stored before costs). For a period the key
 * is the time bucket (core/analytics/model.ts BUCKET); otherwise the fact itself, null when absent.
 */
export interface CostAggregate {
  key: string | number | null
  currency: string | null
  outbound: number
  inbound: number
  /** Outbound ones the provider reported failed. */
  failed: number
  /** Outbound ones delivered or read. */
  delivered: number
  read: number
  /** Outbound ones the contact wrote back to within 24 hours (as the dashboard counts replies). */
  replied: number
  /** Outbound ones priced by their estimate only: the platform's pricing has not arrived (yet). Inbound ones never get a final. */
  estimates: number
  /** Priced into the platform's monthly free allowance (reason free_allowance). */
  freeAllowance: number
  platformMicros: number
  providerMicros: number
}

/** The store's side of the spend report: one aggregate statement over the messages created in `[start, end)`. */
export interface CostReportStore {
  aggregate(window: { start: Instant; end: Instant }, group: CostGroup): Promise<CostAggregate[]>
}

/** An aggregate's counts, keyed for the report, with the figures derived from them. */
export interface CostReportRow extends Omit<CostAggregate, 'key'> {
  /** The period's label, or the fact (template name, rule id, country, …); null for messages without one. */
  key: string | null
  /** For a sender, its business number (E.164) where the configuration gives one; else null. */
  label: string | null
  /** Final where the platform's pricing is known, the estimate otherwise. */
  totalMicros: number
  averageMicros: number | null
  perDeliveredMicros: number | null
  perReadMicros: number | null
  perRepliedMicros: number | null
}

export interface CostReport {
  groupBy: CostGroup
  zone: string
  start: Instant
  end: Instant
  rows: CostReportRow[]
  /** The whole range, one row per currency (key null). */
  totals: CostReportRow[]
}

type Counts = Omit<CostAggregate, 'key' | 'currency'>

const COUNT_FIELDS = ['outbound', 'inbound', 'failed', 'delivered', 'read', 'replied', 'estimates', 'freeAllowance', 'platformMicros', 'providerMicros'] as const

const per = (total: number, count: number) => (count === 0 ? null : Math.round(total / count))

function finished(key: string | null, label: string | null, currency: string | null, c: Counts): CostReportRow {
  const total = c.platformMicros + c.providerMicros
  // Unpriced messages cost nothing Parley knows of: no average to give.
  const divide = (count: number) => (currency === null ? null : per(total, count))
  return {
    key,
    label,
    currency,
    ...c,
    totalMicros: total,
    averageMicros: divide(c.outbound + c.inbound),
    perDeliveredMicros: divide(c.delivered),
    perReadMicros: divide(c.read),
    perRepliedMicros: divide(c.replied),
  }
}

function add(into: Map<string, { key: string | null; currency: string | null; counts: Counts }>, key: string | null, currency: string | null, row: Counts) {
  const id = JSON.stringify([key, currency])
  const entry = into.get(id) ?? { key, currency, counts: Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Counts }
  for (const f of COUNT_FIELDS) entry.counts[f] += row[f]
  into.set(id, entry)
}

// Priced currencies first (alphabetically), then what was not priced.
const byCurrency = (a: CostReportRow, b: CostReportRow) => (a.currency === b.currency ? 0 : a.currency === null ? 1 : b.currency === null ? -1 : a.currency < b.currency ? -1 : 1)

/**
 * Folds the store's aggregates into the report: buckets into local periods in `zone`, each row's
 * averages (integer micros, rounded; null where nothing was delivered, read or replied to), and
 * the totals per currency. Rows sort by key (periods in time order; messages without the fact last), then currency.
 */
export function buildCostReport(
  input: { groupBy: CostGroup; zone: string; start: Instant; end: Instant },
  aggregates: readonly CostAggregate[],
  senderNumbers: ReadonlyMap<string, string> = new Map(),
): CostReport {
  const labelOf = (key: string | null) => (input.groupBy === 'sender' && key !== null ? (senderNumbers.get(key) ?? null) : null)
  const label = isPeriod(input.groupBy) ? periodLabeller(input.groupBy, input.zone, input.start, input.end) : null
  const groups = new Map<string, { key: string | null; currency: string | null; counts: Counts }>()
  const totals = new Map<string, { key: string | null; currency: string | null; counts: Counts }>()
  for (const a of aggregates) {
    const key = a.key === null ? null : label ? label(Number(a.key)) : String(a.key)
    add(groups, key, a.currency, a)
    add(totals, null, a.currency, a)
  }
  const rows = [...groups.values()].map((g) => finished(g.key, labelOf(g.key), g.currency, g.counts))
  rows.sort((a, b) => {
    if (label) return a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : byCurrency(a, b)
    if (a.key !== b.key) return a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1
    return byCurrency(a, b)
  })
  return { ...input, rows, totals: [...totals.values()].map((t) => finished(null, null, t.currency, t.counts)).sort(byCurrency) }
}

/** The business number of each configured sender that has one (a Meta number set by its id alone has none). */
export function senderNumbers(senders: ReadonlyArray<{ id: string; number: string }>): ReadonlyMap<string, string> {
  return new Map(senders.filter((s) => s.number !== '').map((s) => [s.id, s.number]))
}
