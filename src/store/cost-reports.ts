import { sql, type RawBuilder } from 'kysely'
import { BUCKET, REPLY_WINDOW } from '../core/analytics/model.js'
import { isPeriod, type CostAggregate, type CostGroup, type CostReportStore } from '../core/costs/cost-report.js'
import type { Database } from './dialect.js'

// Literals, not parameters, as in analytics-store.ts: SQLite picks an index for the text it plans.
const BUCKET_MS = sql.lit(BUCKET)
const REPLY_MS = sql.lit(REPLY_WINDOW)

// The final where the platform's pricing arrived (its currency is then set), else the estimate.
const FINAL = sql`m.cost_final_currency is not null`
const EFFECTIVE = {
  currency: sql`case when ${FINAL} then m.cost_final_currency else m.cost_estimated_currency end`,
  platform: sql`case when ${FINAL} then m.cost_final_platform_micros else m.cost_estimated_platform_micros end`,
  provider: sql`case when ${FINAL} then m.cost_final_provider_micros else m.cost_estimated_provider_micros end`,
  reason: sql`case when ${FINAL} then m.cost_final_reason else m.cost_estimated_reason end`,
}

/** Each group's key as SQL; a closed map, so no request text reaches the statement. */
const KEY: Record<CostGroup, RawBuilder<unknown>> = {
  day: sql`m.created_at / ${BUCKET_MS}`,
  week: sql`m.created_at / ${BUCKET_MS}`,
  month: sql`m.created_at / ${BUCKET_MS}`,
  event_type: sql`(select e.type from events e where e.id = m.event_id)`,
  rule: sql`m.rule_id`,
  template: sql`m.template_name`,
  country: sql`m.market`,
  category: sql`case when ${FINAL} then m.cost_final_category else m.cost_estimated_category end`,
  provider: sql`m.provider || '/' || m.account`,
  sender: sql`m.sender_id`,
}

type Row = { [K in keyof CostAggregate]: K extends 'key' | 'currency' ? string | number | null : number | string | null }

// A reply is the contact's next inbound message within REPLY_WINDOW, the dashboard's notion
// (analytics-store.ts): here one probe of the inbound messages' partial index (migration 0029) per
// outbound message, because sorting a month of messages by contact for a window function took the
// statement 3-5 s at 1,000,000 messages on SQLite, twice this.
const REPLIED = sql`case when m.direction = 'outbound' then case when exists (
    select 1 from messages i
    where i.direction = 'inbound' and i.contact_id = m.contact_id
      and i.created_at >= m.created_at and i.created_at <= m.created_at + ${REPLY_MS}
      and (i.created_at > m.created_at or i.seq > m.seq)
  ) then 1 else 0 end else 0 end`

const outbound = (condition: RawBuilder<unknown>) => sql`sum(case when m.direction = 'outbound' and ${condition} then 1 else 0 end)`

/**
 * The spend report's one statement on either engine: the messages created in the range (a range
 * search of messages_by_created_at, migration 0018), grouped by the key and the currency each was
 * priced in. A long read: on SQLite it runs on the reader thread, beside the event loop.
 */
export function createCostReports(database: Database): CostReportStore {
  return {
    async aggregate({ start, end }, group) {
      const query = sql<Row>`
        select ${KEY[group]} as "key", ${EFFECTIVE.currency} as currency,
          sum(case when m.direction = 'outbound' then 1 else 0 end) as "outbound",
          sum(case when m.direction = 'inbound' then 1 else 0 end) as "inbound",
          ${outbound(sql`m.status = 'failed'`)} as "failed",
          ${outbound(sql`m.status in ('delivered', 'read')`)} as "delivered",
          ${outbound(sql`m.status = 'read'`)} as "read",
          sum(${REPLIED}) as "replied",
          ${outbound(sql`m.cost_estimated_currency is not null and m.cost_final_currency is null`)} as "estimates",
          sum(case when ${EFFECTIVE.reason} = 'free_allowance' then 1 else 0 end) as "freeAllowance",
          coalesce(sum(${EFFECTIVE.platform}), 0) as "platformMicros",
          coalesce(sum(${EFFECTIVE.provider}), 0) as "providerMicros"
        from messages m
        where m.created_at >= ${start} and m.created_at < ${end}
        group by 1, 2`
      const rows = await database.longRead(query.compile(database.db))
      return rows.map((r) => ({
        key: r.key === null ? null : isPeriod(group) ? Number(r.key) : String(r.key),
        currency: r.currency === null ? null : String(r.currency),
        outbound: Number(r.outbound),
        inbound: Number(r.inbound),
        failed: Number(r.failed),
        delivered: Number(r.delivered),
        read: Number(r.read),
        replied: Number(r.replied),
        estimates: Number(r.estimates),
        freeAllowance: Number(r.freeAllowance),
        platformMicros: Number(r.platformMicros),
        providerMicros: Number(r.providerMicros),
      }))
    },
  }
}
