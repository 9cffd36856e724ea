import { ParleyError } from '../errors.js'
import type { Instant } from '../shared/time.js'
import { resolveRange, type RangeRequest } from './date-range.js'
import type { ChannelReplyCount, MessageAnalytics } from './model.js'
import { percentile, rate, type Weighted } from './percentile.js'

/** How messages of one channel and provider fared: sent, failed, answered, and how fast. */
export interface ReplyStats {
  /** Taken by the provider and not reported failed. */
  sent: number
  /** Taken by the provider, then reported failed (not on WhatsApp, unreachable handset…). */
  failed: number
  /** Sent messages the contact wrote back to, on the same channel, within 24 hours. */
  replied: number
  /** replied / sent; null when nothing was sent. */
  replyRate: number | null
  /** Time to the first reply, nearest-rank percentiles over the replied messages. */
  medianReplySeconds: number | null
  p90ReplySeconds: number | null
}

export interface ChannelRow extends ReplyStats {
  channel: string
  provider: string
  byEventType: Array<ReplyStats & { eventType: string | null }>
}

export interface ChannelReport {
  zone: string
  from: string
  to: string
  eventType: string | null
  channels: ChannelRow[]
}

/**
 * Reply rate and time to first reply per channel and provider (and business event type) for the
 * messages sent in a range of local days: what shows whether parents answer WhatsApp and ignore
 * SMS. A message counts on the day it was sent; its reply is the contact's first message on the
 * same channel within 24 hours after it. A bad range is a ParleyError (`range_invalid`, `range_too_long`).
 */
export async function reportChannels(analytics: MessageAnalytics, request: RangeRequest & { eventType: string | null }, now: Instant): Promise<ChannelReport> {
  const resolved = resolveRange(request, now)
  if (resolved.kind === 'invalid') throw new ParleyError(resolved.code, resolved.message, resolved.details)
  const { range } = resolved
  const counts = await analytics.channelReplies({ start: range.window.start, end: range.window.end }, request.eventType)
  return { zone: range.zone, from: range.dates[0]!, to: range.dates.at(-1)!, eventType: request.eventType, channels: buildChannelRows(counts) }
}

/** Folds the store's counts into one row per channel and provider, with its event types; sorted for a stable answer. */
export function buildChannelRows(counts: readonly ChannelReplyCount[]): ChannelRow[] {
  const byChannel = new Map<string, ChannelReplyCount[]>()
  for (const c of counts) {
    const key = `${c.channel}\u0000${c.provider}`
    byChannel.set(key, [...(byChannel.get(key) ?? []), c])
  }
  return [...byChannel.values()]
    .map((rows) => {
      const byEvent = new Map<string | null, ChannelReplyCount[]>()
      for (const r of rows) byEvent.set(r.eventType, [...(byEvent.get(r.eventType) ?? []), r])
      return {
        channel: rows[0]!.channel,
        provider: rows[0]!.provider,
        ...statsOf(rows),
        byEventType: [...byEvent.entries()].map(([eventType, eventRows]) => ({ eventType, ...statsOf(eventRows) })).sort((a, b) => (a.eventType ?? '').localeCompare(b.eventType ?? '')),
      }
    })
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.provider.localeCompare(b.provider))
}

function statsOf(rows: readonly ChannelReplyCount[]): ReplyStats {
  const sum = (pick: (r: ChannelReplyCount) => boolean) => rows.filter(pick).reduce((n, r) => n + r.count, 0)
  const sent = sum((r) => !r.failed)
  const replies: Weighted[] = rows.filter((r) => !r.failed && r.replySeconds !== null).map((r) => ({ value: r.replySeconds!, count: r.count }))
  const replied = replies.reduce((n, r) => n + r.count, 0)
  return {
    sent,
    failed: sum((r) => r.failed),
    replied,
    replyRate: rate(replied, sent),
    medianReplySeconds: percentile(replies, 0.5),
    p90ReplySeconds: percentile(replies, 0.9),
  }
}
