import { setMaxListeners } from 'node:events'
import type { DispatchConfig } from '../config.js'
import { planOutcome } from '../core/messages/plan-outcome.js'
import type { ClaimedMessage, Outbox, OutcomeRecord } from '../core/messages/ports.js'
import type { Clock, Random, RateLimit, RateLimiter } from '../core/ports.js'
import type { MessagingProvider, SendOutcome, ThrottleScope } from '../core/providers/provider.js'
import type { Instant } from '../core/shared/time.js'

/** A sender number and the provider account that carries its messages. */
export interface Sender {
  id: string
  provider: MessagingProvider
  /** Sends per second for this number at most, shared by every worker process (throttling may hold it lower). */
  ratePerSecond: number
}

/** What the dispatcher reports, for metrics. */
export interface DispatchObserver {
  sendFinished(outcome: SendOutcome['kind'], seconds: number): void
  messageAccepted(acceptToProviderSeconds: number): void
  /** The provider refused `count` sends of the sender for sending too fast. */
  sendsThrottled(senderId: string, scope: ThrottleScope, count: number): void
}

export interface DispatcherDeps {
  outbox: Outbox
  limiter: RateLimiter
  clock: Clock
  random: Random
  /** This worker's identity, written on the leases it takes. */
  owner: string
  senders: readonly Sender[]
  config: DispatchConfig
  observer?: DispatchObserver
}

export interface Claim {
  messages: ClaimedMessage[]
  /** Fewer tokens than wanted: the sender is at its rate limit. */
  throttled: boolean
  /** The sender's effective rate the tokens were counted at; null when nothing was due (no tokens asked for). */
  ratePerSecond: number | null
}

/** The part of the worker that does the work; the loop around it only decides when to call it. */
export interface Dispatcher {
  /** Takes rate tokens for up to `wanted` messages and leases that many due messages of the sender. */
  claim(sender: Sender, wanted: number, now: Instant): Promise<Claim>
  /** Sends claimed messages concurrently and records every outcome in one transaction. */
  sendAndRecord(sender: Sender, messages: ClaimedMessage[]): Promise<void>
  /** claim + sendAndRecord for every sender; tests call this as the worker's tick. Returns how many were sent. */
  dispatchDue(now: Instant): Promise<number>
  /** Requeues messages abandoned in `sending` once no status webhook vouched for them in the grace period. */
  reconcile(now: Instant): Promise<string[]>
  /** Queues scheduled messages that are due (and cancels expired ones). */
  promote(now: Instant): Promise<number>
  /** Marks `stale` every message that waited `staleAfterMs` for a word, in batches; returns their ids. */
  markStale(now: Instant): Promise<string[]>
  /** Every sender's effective rate at `now` (below its configured rate while throttling holds it back). */
  rates(now: Instant): Promise<Array<{ senderId: string; ratePerSecond: number }>>
  /**
   * Gives up on provider calls in flight and sends no more (shutting down): a message whose request
   * cannot have reached the provider goes back to the queue; one that may have stays in doubt.
   */
  abort(): void
}

/** Messages marked stale per transaction: a backlog after an outage clears in short transactions. */
const STALE_BATCH = 500

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { outbox, limiter, clock, random, owner, config, observer } = deps
  const stopping = new AbortController()
  // Every call in flight listens to this one signal: a round's worth of them is not a leak.
  setMaxListeners(Math.max(config.maxInFlight, config.batchSize * deps.senders.length) + 16, stopping.signal)

  const keyOf = (sender: Sender): string => `sender:${sender.id}`
  const limitOf = (sender: Sender): RateLimit => ({ ratePerSecond: sender.ratePerSecond, policy: config.adaptiveRate })

  async function sendOne(sender: Sender, message: ClaimedMessage): Promise<{ record: OutcomeRecord; throttle: ThrottleScope | null }> {
    const started = clock.now()
    // A message whose lease could run out mid-call is not sent: another worker could otherwise
    // take it for abandoned and send it as well.
    if (message.leaseUntil - started < config.sendBudgetMs || stopping.signal.aborted) return { record: { kind: 'release' }, throttle: null }
    const outcome = await sender.provider.send({
      messageId: message.id,
      to: message.to,
      ...(message.recipientId ? { recipientId: message.recipientId } : {}),
      content: message.content,
      signal: stopping.signal,
    })
    // Cut short by a shutdown: a call that certainly did not reach the provider (or was refused,
    // which is as good) is released, not counted as an attempt; an in-doubt one stays in doubt.
    if (stopping.signal.aborted && outcome.kind === 'retryable') return { record: { kind: 'release' }, throttle: null }
    const finished = clock.now()
    observer?.sendFinished(outcome.kind, (finished - started) / 1000)
    if (outcome.kind === 'accepted') observer?.messageAccepted((finished - message.createdAt) / 1000)
    const record = planOutcome(outcome, message.attempts, config.retry, random(), finished)
    return { record, throttle: outcome.kind === 'throttled' ? outcome.scope : null }
  }

  async function claim(sender: Sender, wanted: number, now: Instant): Promise<Claim> {
    // Idle senders are the common case: one indexed look-up instead of taking and refunding tokens.
    if (!(await outbox.hasDue(sender.id, now))) return { messages: [], throttled: false, ratePerSecond: null }
    const key = keyOf(sender)
    const { granted, ratePerSecond } = await limiter.take(key, wanted, limitOf(sender), now)
    if (granted === 0) return { messages: [], throttled: true, ratePerSecond }
    const messages = await outbox.claimDue(sender.id, now, granted, config.leaseMs, owner)
    if (messages.length < granted) await limiter.refund(key, granted - messages.length)
    return { messages, throttled: granted < wanted, ratePerSecond }
  }

  async function sendAndRecord(sender: Sender, messages: ClaimedMessage[]): Promise<void> {
    if (messages.length === 0) return
    const sent = await Promise.all(messages.map(async (message) => ({ message, ...(await sendOne(sender, message)) })))
    const now = clock.now()
    for (const scope of ['sender', 'recipient'] as const) {
      const refused = sent.filter((s) => s.throttle === scope).length
      if (refused === 0) continue
      observer?.sendsThrottled(sender.id, scope, refused)
      // One signal per batch: its refusals are one event, the number's budget for this second spent.
      // Pair-rate refusals are about one user, not the number's pace: they leave its rate alone.
      if (scope === 'sender') await limiter.throttled(keyOf(sender), limitOf(sender), now)
    }
    await outbox.recordOutcomes(sent.map(({ message, record }) => ({ message, outcome: record })), owner, now)
  }

  return {
    claim,
    sendAndRecord,
    async promote(now) {
      const { queued } = await outbox.promoteScheduled(now)
      return queued.length
    },
    async dispatchDue(now) {
      await outbox.promoteScheduled(now)
      const sent = await Promise.all(
        deps.senders.map(async (sender) => {
          const { messages } = await claim(sender, config.batchSize, now)
          await sendAndRecord(sender, messages)
          return messages.length
        }),
      )
      return sent.reduce((sum, n) => sum + n, 0)
    },
    reconcile: (now) => outbox.requeueAbandoned(now, config.reconcileGraceMs),
    async markStale(now) {
      const marked: string[] = []
      for (;;) {
        const batch = await outbox.markStale(now, config.staleAfterMs, STALE_BATCH)
        marked.push(...batch)
        if (batch.length < STALE_BATCH) return marked
      }
    },
    rates: (now) =>
      Promise.all(deps.senders.map(async (sender) => ({ senderId: sender.id, ratePerSecond: await limiter.rate(keyOf(sender), limitOf(sender), now) }))),
    abort: () => stopping.abort(),
  }
}
