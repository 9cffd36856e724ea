import { sql, type RawBuilder } from 'kysely'
import { ANSWER_HORIZON, BUCKET, REPLY_WINDOW, type MessageAnalytics } from '../core/analytics/model.js'
import type { Database } from './dialect.js'

// Literals, not parameters: SQLite plans a statement once and uses an index on an expression or a
// status only when the prepared text itself names it (see the partial-index note in outbox.ts).
const BUCKET_MS = sql.lit(BUCKET)
const REPLY_MS = sql.lit(REPLY_WINDOW)
const HORIZON_MS = sql.lit(ANSWER_HORIZON)
const ATTEMPTED = sql`('accepted', 'sent', 'delivered', 'read', 'failed', 'stale')`

/**
 * The dashboard's aggregates, each one statement on either engine. "Next message after this one"
 * is a running minimum over the contact's messages in reverse order (a frame that only grows, so
 * both engines compute it in one pass) rather than a correlated subquery per message. Each is a
 * long read (see Database.longRead): on SQLite it runs beside the event loop, not on it.
 */
export function createMessageAnalytics(database: Database): MessageAnalytics {
  const { db } = database
  const read = <Row>(query: RawBuilder<Row>) => database.longRead(query.compile(db))
  return {
    async statusCounts({ start, end }) {
      const rows = await read(sql<{ bucket: number | string; direction: 'inbound' | 'outbound'; status: string; n: number | string }>`
        select created_at / ${BUCKET_MS} as bucket, direction, status, count(*) as n
        from messages
        where created_at >= ${start} and created_at < ${end}
        group by created_at / ${BUCKET_MS}, direction, status`)
      return rows.map((r) => ({ bucket: Number(r.bucket), direction: r.direction, status: r.status, count: Number(r.n) }))
    },

    async outcomes({ start, end }) {
      // A reply is the contact's next inbound message, if it came within REPLY_WINDOW: the scan
      // reaches that far past the range so messages of the range's last day get their replies too.
      const rows = await read(sql<{
        template_name: string | null
        event_type: string | null
        attempted: number | string
        delivered: number | string
        read: number | string
        failed: number | string
        replied: number | string
      }>`
        with ordered as (
          select contact_id, created_at, direction, status, template_name, event_id,
            min(case when direction = 'inbound' then created_at end) over (
              partition by contact_id order by created_at desc, seq desc rows between unbounded preceding and 1 preceding
            ) as next_inbound_at
          from messages
          where created_at >= ${start} and created_at < ${end + REPLY_WINDOW}
        )
        select o.template_name, e.type as event_type,
          count(*) as attempted,
          sum(case when o.status in ('delivered', 'read') then 1 else 0 end) as delivered,
          sum(case when o.status = 'read' then 1 else 0 end) as read,
          sum(case when o.status = 'failed' then 1 else 0 end) as failed,
          sum(case when o.next_inbound_at <= o.created_at + ${REPLY_MS} then 1 else 0 end) as replied
        from ordered o
        left join events e on e.id = o.event_id
        where o.direction = 'outbound' and o.created_at < ${end} and o.status in ${ATTEMPTED}
        group by o.template_name, e.type`)
      return rows.map((r) => ({
        templateName: r.template_name,
        eventType: r.event_type,
        attempted: Number(r.attempted),
        delivered: Number(r.delivered),
        read: Number(r.read),
        failed: Number(r.failed),
        replied: Number(r.replied),
      }))
    },

    async waits({ start, end, scanEnd }) {
      // The conversation as a parent sees it: their messages and the direct answers (a rule's
      // notification answers nothing, as for the inbox's "waiting"). A wait starts at a parent's
      // message that follows an answer (or opens the scan) and ends at the next direct outbound one.
      const rows = await read(sql<{ bucket: number | string; seconds: number | string | null; n: number | string }>`
        with talk as (
          select contact_id, created_at, seq, direction
          from messages
          where created_at >= ${start} and created_at < ${scanEnd}
            and (direction = 'inbound' or rule_id is null)
        ),
        marked as (
          select created_at, direction,
            lag(direction) over (partition by contact_id order by created_at, seq) as previous,
            min(case when direction = 'outbound' then created_at end) over (
              partition by contact_id order by created_at desc, seq desc rows between unbounded preceding and 1 preceding
            ) as answered_at
          from talk
        ),
        waits as (
          select created_at / ${BUCKET_MS} as bucket,
            case when answered_at <= created_at + ${HORIZON_MS} then (answered_at - created_at) / 1000 end as seconds
          from marked
          where direction = 'inbound' and (previous is null or previous = 'outbound') and created_at < ${end}
        )
        select bucket, seconds, count(*) as n from waits group by bucket, seconds`)
      return rows.map((r) => ({ bucket: Number(r.bucket), seconds: r.seconds === null ? null : Number(r.seconds), count: Number(r.n) }))
    },

    async channelReplies({ start, end }, eventType) {
      // The outbound messages sent in the range and every inbound one up to a day past it, per
      // contact and channel in time order: each outbound row's first later inbound one is a running
      // minimum in reverse order (as in outcomes), so a reply by SMS never answers a WhatsApp message.
      const ofType = eventType === null ? sql`` : sql`and event_id in (select id from events where type = ${eventType})`
      const rows = await read(sql<{ channel: string; provider: string; event_type: string | null; failed: number | string; seconds: number | string | null; n: number | string }>`
        with talk as (
          select contact_id, channel, provider, direction, status, event_id, sent_at as t, seq
          from messages
          where direction = 'outbound' and sent_at >= ${start} and sent_at < ${end} ${ofType}
          union all
          select contact_id, channel, provider, direction, status, null, created_at as t, seq
          from messages
          where direction = 'inbound' and created_at >= ${start} and created_at < ${end + REPLY_WINDOW}
        ),
        marked as (
          select channel, provider, direction, status, event_id, t,
            min(case when direction = 'inbound' then t end) over (
              partition by contact_id, channel order by t desc, seq desc rows between unbounded preceding and 1 preceding
            ) as next_inbound_at
          from talk
        ),
        outcomes as (
          select m.channel, m.provider, e.type as event_type,
            case when m.status = 'failed' then 1 else 0 end as failed,
            case when m.status <> 'failed' and m.next_inbound_at <= m.t + ${REPLY_MS} then (m.next_inbound_at - m.t) / 1000 end as seconds
          from marked m
          left join events e on e.id = m.event_id
          where m.direction = 'outbound'
        )
        select channel, provider, event_type, failed, seconds, count(*) as n
        from outcomes
        group by channel, provider, event_type, failed, seconds`)
      return rows.map((r) => ({
        channel: r.channel,
        provider: r.provider,
        eventType: r.event_type,
        failed: Number(r.failed) === 1,
        replySeconds: r.seconds === null ? null : Number(r.seconds),
        count: Number(r.n),
      }))
    },
  }
}
