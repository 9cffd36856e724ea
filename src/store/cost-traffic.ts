import { sql } from 'kysely'
import type { CostTraffic } from '../core/costs/compare-costs.js'
import type { MessageFact, WindowState } from '../core/costs/message-fact.js'
import { RATE_CATEGORIES, type RateCategory } from '../core/costs/rate-card.js'
import { mergeBuckets, type TrafficBucket } from '../core/costs/traffic-bucket.js'
import type { Database } from './dialect.js'

const DAY_MS = sql.lit(86_400_000)

/*
 * A message counts on the day Parley accepted (outbound) or received (inbound) it, `created_at`:
 * a send is delivered within seconds to minutes, so only one at midnight may land a day early.
 * What each message is priced as, in SQL so that the database counts and only buckets cross over:
 * the platform's final category where known, else the estimate's, else a non-template message's
 * `service`; the window the estimate saw (a final that says free entry point wins); the outcome
 * from the status (a cancelled message never went out, so it is not read).
 */
const CATEGORY = sql<string>`coalesce(cost_final_category, cost_estimated_category, case when direction = 'inbound' or template_name is null then 'service' else 'utility' end)`
const WINDOW = sql<string>`case when cost_final_reason = 'free_entry_point' then 'free_entry_point' else coalesce(cost_window, case when direction = 'inbound' or template_name is null then 'open' else 'closed' end) end`
const OUTCOME = sql<string>`case when status = 'failed' or cost_final_reason = 'failed' then 'failed' when status in ('delivered', 'read', 'received') then 'delivered' else 'pending' end`
const NOT_BILLABLE = sql<number>`case when cost_final_reason = 'not_billable' then 1 else 0 end`

interface Row {
  day: number | string
  number: string
  market: string | null
  category: string
  window: string
  direction: 'outbound' | 'inbound'
  outcome: MessageFact['outcome']
  not_billable: number | string
  rule: string | null
  n: number | string
}

/**
 * The market a message is priced in: the one stored with it at accept or receipt (billingMarket of
 * the contact's number, docs/platform.md §6.1); null, as for a number of no single country, prices
 * as the card's `other`. The one place a replay decides it, should a later column replace it.
 */
const marketOf = (row: Pick<Row, 'market'>): string | null => row.market

const categoryOf = (value: string): RateCategory => ((RATE_CATEGORIES as readonly string[]).includes(value) ? (value as RateCategory) : 'service')

/** Buckets of one row: a free-form message the estimate saw in a closed window and that went out anyway was in an open one. */
function bucketOf(row: Row): TrafficBucket {
  const category = categoryOf(row.category)
  const window = (category === 'service' && row.window === 'closed' ? 'open' : row.window) as WindowState
  return {
    period: 'period',
    day: Number(row.day),
    number: row.number,
    market: marketOf(row),
    category,
    window,
    direction: row.direction,
    outcome: row.outcome,
    ...(Number(row.not_billable) === 1 ? { billable: false } : {}),
    rule: row.rule,
    count: Number(row.n),
  }
}

/**
 * The grouped statement. Its expressions are migration 0032's index, in the same order and text, so
 * SQLite reads that index in order and counts without sorting; the day range on the index's first
 * expression lets it start and stop there, the instants trim the period's first and last day.
 */
export function bucketQuery(from: number, to: number) {
  return sql<Row>`
    select created_at / ${DAY_MS} as day, sender_id as number, market, ${CATEGORY} as category, ${WINDOW} as "window",
      direction, ${OUTCOME} as outcome, ${NOT_BILLABLE} as not_billable, rule_id as rule, count(*) as n
    from messages
    where created_at / ${DAY_MS} >= ${Math.floor(from / 86_400_000)} and created_at / ${DAY_MS} <= ${Math.floor((to - 1) / 86_400_000)}
      and created_at >= ${from} and created_at < ${to} and channel = 'whatsapp' and status <> 'cancelled'
    group by created_at / ${DAY_MS}, sender_id, market, ${CATEGORY}, ${WINDOW}, direction, ${OUTCOME}, ${NOT_BILLABLE}, rule_id`
}

/** A period's WhatsApp traffic as buckets (one grouped statement, a long read) and the distinct events behind each rule's messages. */
export function createCostTraffic(database: Database): CostTraffic {
  const { db } = database
  return {
    async read(from, to) {
      // `+created_at` keeps SQLite off the time index: migration 0032's index of rules and events answers without a sort.
      const [rows, events] = await Promise.all([
        database.longRead(bucketQuery(from, to).compile(db)),
        database.longRead(
          sql<{ rule: string; events: number | string }>`
            select rule_id as rule, count(distinct event_id) as events
            from messages
            where rule_id is not null and event_id is not null and channel = 'whatsapp' and +created_at >= ${from} and +created_at < ${to}
            group by rule_id`.compile(db),
        ),
      ])
      return { buckets: mergeBuckets(rows.map(bucketOf)), ruleEvents: new Map(events.map((e) => [e.rule, Number(e.events)])) }
    },
  }
}
