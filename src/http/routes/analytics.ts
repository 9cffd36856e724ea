import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { STATUS_GROUPS, type MessageReport, type OutcomeRow, type Waits } from '../../core/analytics/build-report.js'
import { isIsoDate } from '../../core/analytics/date-range.js'
import { MAX_RANGE_DAYS, type MessageAnalytics } from '../../core/analytics/model.js'
import { reportMessages } from '../../core/analytics/report-messages.js'
import { reportChannels, type ChannelReport, type ReplyStats } from '../../core/analytics/channel-report.js'
import { CHANNELS, type Channel } from '../../core/providers/channel.js'
import type { Clock } from '../../core/ports.js'
import { errorSchema, timeZoneSchema } from '../schemas.js'

export interface AnalyticsRoutesDeps {
  analytics: MessageAnalytics
  clock: Clock
  /** The business's zone, for days when a request names none (PARLEY_DEFAULT_TIMEZONE). */
  defaultZone: string
}

const isoDate = z.string().max(10).refine(isIsoDate, 'a date written YYYY-MM-DD')

const reportQuery = z.object({
  from: isoDate.optional().describe('First local day, inclusive. Without it the range is the `days` days that end on `to`.'),
  to: isoDate.optional().describe('Last local day, inclusive (default: today in `zone`).'),
  days: z.coerce.number().int().min(1).max(MAX_RANGE_DAYS).default(30).describe('The length of the range when `from` is not given.'),
  zone: timeZoneSchema.optional().describe('IANA zone the days are counted in (default: PARLEY_DEFAULT_TIMEZONE).'),
})

const rate = z.number().min(0).max(1).nullable()

const outcomeRow = z.object({
  key: z.string().nullable().describe('The template name or event type; null for messages without one (free text; direct sends).'),
  attempted: z.number().int().describe('Outbound messages that reached the provider or failed: accepted, sent, delivered, read, failed, stale.'),
  delivered: z.number().int().describe('Delivered or read.'),
  read: z.number().int(),
  failed: z.number().int(),
  replied: z.number().int().describe('The parent wrote within 24 hours after the message was accepted.'),
  delivery_rate: rate,
  read_rate: rate,
  reply_rate: rate,
})

const waitsSchema = z.object({
  answered: z.number().int(),
  unanswered: z.number().int().describe('Waits no direct message answered within 7 days (or yet).'),
  median_seconds: z.number().int().nullable(),
  p90_seconds: z.number().int().nullable(),
})

const reportSchema = z
  .object({
    zone: z.string(),
    from: z.string(),
    to: z.string(),
    by_day: z.array(
      z.object({
        date: z.string(),
        outbound: z.object(Object.fromEntries(STATUS_GROUPS.map((g) => [g, z.number().int()])) as Record<(typeof STATUS_GROUPS)[number], z.ZodNumber>),
        inbound: z.number().int(),
      }),
    ).describe('Messages by the local day Parley accepted (outbound) or the parent sent (inbound) them; outbound by current status: pending = scheduled, queued or sending; sent = accepted or sent.'),
    by_template: z.array(outcomeRow),
    by_event_type: z.array(outcomeRow),
    response_times: z.array(waitsSchema.extend({ date: z.string() })).describe("From a parent's message that follows an answer to the next outbound message that is not a rule's notification, by the day the wait began; nearest-rank percentiles."),
    response_time_total: waitsSchema.describe('The same over the whole range.'),
    spend: z.null().describe('What the messages cost: null until the cost engine prices sends.'),
  })
  .meta({ id: 'MessageReport' })

function outcomeJson(row: OutcomeRow): z.output<typeof outcomeRow> {
  return {
    key: row.key,
    attempted: row.attempted,
    delivered: row.delivered,
    read: row.read,
    failed: row.failed,
    replied: row.replied,
    delivery_rate: row.deliveryRate,
    read_rate: row.readRate,
    reply_rate: row.replyRate,
  }
}

function waitsJson(w: Waits): z.output<typeof waitsSchema> {
  return { answered: w.answered, unanswered: w.unanswered, median_seconds: w.medianSeconds, p90_seconds: w.p90Seconds }
}

function reportJson(report: MessageReport): z.output<typeof reportSchema> {
  return {
    zone: report.zone,
    from: report.from,
    to: report.to,
    by_day: report.byDay,
    by_template: report.byTemplate.map(outcomeJson),
    by_event_type: report.byEventType.map(outcomeJson),
    response_times: report.responseTimes.map((d) => ({ date: d.date, ...waitsJson(d) })),
    response_time_total: waitsJson(report.responseTimeTotal),
    spend: report.spend,
  }
}

const replyStats = {
  sent: z.number().int().describe('Outbound messages the provider took and did not report failed.'),
  failed: z.number().int().describe('Taken by the provider, then reported failed (e.g. not on WhatsApp).'),
  replied: z.number().int().describe('Sent messages the contact wrote back to on the same channel within 24 hours.'),
  reply_rate: rate.describe('replied / sent; null when nothing was sent.'),
  median_reply_seconds: z.number().int().nullable().describe('Time to the first reply, nearest-rank median over the replied messages.'),
  p90_reply_seconds: z.number().int().nullable(),
}

const channelReportSchema = z
  .object({
    zone: z.string(),
    from: z.string(),
    to: z.string(),
    event_type: z.string().nullable(),
    channels: z.array(
      z.object({
        channel: z.enum(CHANNELS),
        provider: z.string(),
        ...replyStats,
        by_event_type: z.array(z.object({ event_type: z.string().nullable().describe('null: direct sends and keyword answers, no rule.'), ...replyStats })),
      }),
    ),
  })
  .meta({ id: 'ChannelReport' })

function statsJson(s: ReplyStats) {
  return { sent: s.sent, failed: s.failed, replied: s.replied, reply_rate: s.replyRate, median_reply_seconds: s.medianReplySeconds, p90_reply_seconds: s.p90ReplySeconds }
}

function channelReportJson(report: ChannelReport): z.output<typeof channelReportSchema> {
  return {
    zone: report.zone,
    from: report.from,
    to: report.to,
    event_type: report.eventType,
    channels: report.channels.map((c) => ({
      channel: c.channel as Channel,
      provider: c.provider,
      ...statsJson(c),
      by_event_type: c.byEventType.map((e) => ({ event_type: e.eventType, ...statsJson(e) })),
    })),
  }
}

/** The dashboard's figures, computed from the message history on request. */
export const analyticsRoutes: FastifyPluginAsyncZod<AnalyticsRoutesDeps> = async (app, { analytics, clock, defaultZone }) => {
  app.get(
    '/v1/analytics/messages',
    {
      schema: {
        summary: 'Messages by status per day, outcome rates per template and event type, response times',
        description: `Whole local days in \`zone\`, at most ${MAX_RANGE_DAYS}: \`range_invalid\` when \`to\` is before \`from\`, \`range_too_long\` past that.`,
        tags: ['analytics'],
        querystring: reportQuery,
        response: { 200: reportSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const { from, to, days, zone } = request.query
      const report = await reportMessages(analytics, { days, zone: zone ?? defaultZone, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, clock.now())
      return reportJson(report)
    },
  )

  app.get(
    '/v1/analytics/channels',
    {
      schema: {
        summary: 'Reply rate and time to first reply per channel and provider, and per business event type',
        description: `The outbound messages sent (taken by the provider) on whole local days in \`zone\`, at most ${MAX_RANGE_DAYS}, by channel and provider: how many went, failed and got a reply. A reply is the contact's first message on the same channel within 24 hours after the message was sent; its wait is the time to first reply. \`event_type\` keeps only the messages of rules fired by that event type. \`range_invalid\` / \`range_too_long\` as for /v1/analytics/messages.`,
        tags: ['analytics'],
        querystring: reportQuery.extend({
          event_type: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'an event type like lesson.scheduled').optional().describe('Only the messages of rules fired by this event type.'),
        }),
        response: { 200: channelReportSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const { from, to, days, zone, event_type } = request.query
      const report = await reportChannels(
        analytics,
        { days, zone: zone ?? defaultZone, eventType: event_type ?? null, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
        clock.now(),
      )
      return channelReportJson(report)
    },
  )
}
