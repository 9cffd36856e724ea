/**
 * The life of a message and the one rule for moving between states.
 *
 * Outbound: queued → sending → accepted → sent → delivered → read, or failed (terminal).
 * A message for later starts `scheduled` and becomes `queued` when due; until it is sent, a
 * scheduled or queued message can be `cancelled` (terminal), e.g. a reminder for a lesson that was
 * cancelled.
 * `accepted` sits between `sending` and `sent` because a provider's HTTP 200 only means the
 * provider took the message: refusals such as "not on WhatsApp" still arrive later as `failed`.
 * `stale` is a message that waited too long for its next word (see `AWAITING_WORD`); it keeps the
 * status it was last heard in, and a late word still moves it on (see `canLeaveStale`).
 * Inbound messages are `received` and never move.
 */
export const OUTBOUND_STATUSES = ['scheduled', 'queued', 'sending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'cancelled', 'stale'] as const
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number]
export type InboundStatus = 'received'
export type MessageStatus = OutboundStatus | InboundStatus

/** Statuses a provider reports in status webhooks, normalised across providers. */
export type ReportedStatus = 'sent' | 'delivered' | 'read' | 'failed'

/**
 * The statuses in which a message still waits for a word that may never come: Parley's own send
 * left in doubt (`sending`, which the reconciler resends only while webhooks can still vouch for
 * it), the provider's 200 (`accepted`) and `sent`. Such a message goes `stale` when nothing was
 * heard of it for the configured time. `delivered` is settled: `read` follows only when the user
 * has read receipts on (docs/platform.md §2.5), so a delivered message that is never read is normal.
 */
export const AWAITING_WORD = ['sending', 'accepted', 'sent'] as const
export type AwaitingStatus = (typeof AWAITING_WORD)[number]

const RANK: Record<Exclude<OutboundStatus, 'failed' | 'cancelled' | 'stale'>, number> = {
  scheduled: -1,
  queued: 0,
  sending: 1,
  accepted: 2,
  sent: 3,
  delivered: 4,
  read: 5,
}

/** Statuses after which nothing can change the message's status any more. */
export function isFinal(status: MessageStatus): boolean {
  return status === 'failed' || status === 'read' || status === 'received' || status === 'cancelled'
}

/**
 * Whether a message in `from` moves to `to`. Statuses never move backwards: a late `delivered`
 * after `read` is kept in the history but leaves the status alone. `failed` wins only while the
 * message has not been delivered (the platform can report a failure after `sent`, but a message
 * a device already received stays delivered). The one backward step, `sending → queued`, is the
 * dispatcher's retry and is allowed explicitly. A stale message stands where it was last heard,
 * which this pair of statuses does not say: it moves by `canLeaveStale`.
 */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (from === 'received' || to === 'received') return false
  if (from === 'failed' || from === 'cancelled' || from === 'stale') return false
  if (to === 'stale') return isAwaitingWord(from)
  if (to === 'cancelled') return from === 'scheduled' || from === 'queued'
  if (to === 'scheduled') return false
  if (from === 'scheduled') return to === 'queued'
  if (to === 'failed') return RANK[from] < RANK.delivered
  if (from === 'sending' && to === 'queued') return true
  return RANK[to] > RANK[from]
}

/**
 * Whether a stale message last heard in `lastHeard` moves to `to`: only by the provider's word
 * (never back to the queue, so a stale message is never sent again), ranked as `lastHeard`.
 */
export function canLeaveStale(lastHeard: AwaitingStatus, to: MessageStatus): boolean {
  return (to === 'sent' || to === 'delivered' || to === 'read' || to === 'failed') && canTransition(lastHeard, to)
}

export function isAwaitingWord(status: MessageStatus): status is AwaitingStatus {
  return (AWAITING_WORD as readonly MessageStatus[]).includes(status)
}

/** Every status from which a message may move to `to`; the store uses it as a compare-and-set guard. */
export function predecessorsOf(to: OutboundStatus): OutboundStatus[] {
  return OUTBOUND_STATUSES.filter((from) => canTransition(from, to))
}

/** The last-heard statuses from which a stale message may move to `to`; the other half of the guard. */
export function staleExitsTo(to: OutboundStatus): AwaitingStatus[] {
  return AWAITING_WORD.filter((lastHeard) => canLeaveStale(lastHeard, to))
}
