import type { Duration, Instant } from '../shared/time.js'
import { DAY, HOUR, MINUTE } from '../shared/time.js'

/** The longest range the dashboard's report covers: a quarter and a day, so "90 days" always fits. */
export const MAX_RANGE_DAYS = 92
/** The ranges the dashboard offers; any other length up to MAX_RANGE_DAYS is allowed through `from`/`to`. */
export const RANGE_PRESETS = [7, 30, 90] as const

/** A message counts as replied to when the parent wrote within this long after it. */
export const REPLY_WINDOW: Duration = 24 * HOUR
/** A parent's wait that no operator answered within this long counts as unanswered. */
export const ANSWER_HORIZON: Duration = 7 * DAY
/**
 * The store counts messages in buckets of this width, which the core folds into local days. Every
 * zone's offset in use today is a whole number of quarter hours (India +5:30, Nepal +5:45), so a
 * local midnight is always a bucket boundary, across DST changes too.
 */
export const BUCKET: Duration = 15 * MINUTE

/** The instants the report reads: `[start, end)` is the range's local days; rows up to `scanEnd` give what came after. */
export interface AnalyticsWindow {
  start: Instant
  end: Instant
  /** `end` plus ANSWER_HORIZON: replies and operator answers to messages near the range's end. */
  scanEnd: Instant
}

/** Outbound messages of one bucket in one status. */
export interface StatusCount {
  bucket: number
  direction: 'outbound' | 'inbound'
  status: string
  count: number
}

/** Outbound messages that left Parley, by template and business event type (null: none). */
export interface OutcomeCount {
  templateName: string | null
  eventType: string | null
  /** Reached the provider or failed: accepted, sent, delivered, read, failed, stale. */
  attempted: number
  delivered: number
  read: number
  failed: number
  replied: number
}

/** Parents' waits that started in one bucket and took `seconds` to be answered (null: unanswered). */
export interface WaitCount {
  bucket: number
  seconds: number | null
  count: number
}

/**
 * Outbound messages the provider took in a range, by channel, provider and business event type
 * (null: not a rule's), whether the provider then said they failed, and how long the contact took
 * to write back on that channel (null: not within REPLY_WINDOW, or failed).
 */
export interface ChannelReplyCount {
  channel: string
  provider: string
  eventType: string | null
  failed: boolean
  replySeconds: number | null
  count: number
}

/** What the store computes in SQL for the message report; the core folds it into days and rates. */
export interface MessageAnalytics {
  /**
   * Outbound messages sent (taken by the provider) in `[start, end)`, each with the contact's first
   * inbound message on the same channel within REPLY_WINDOW after it; only `eventType`'s when given.
   */
  channelReplies(window: Pick<AnalyticsWindow, 'start' | 'end'>, eventType: string | null): Promise<ChannelReplyCount[]>
  /** Messages created in `[start, end)` by BUCKET, direction and current status. */
  statusCounts(window: AnalyticsWindow): Promise<StatusCount[]>
  /** Outcomes of the outbound messages created in `[start, end)`. */
  outcomes(window: AnalyticsWindow): Promise<OutcomeCount[]>
  /** Parents' waits that started in `[start, end)`, answered by `scanEnd` or not. */
  waits(window: AnalyticsWindow): Promise<WaitCount[]>
}
