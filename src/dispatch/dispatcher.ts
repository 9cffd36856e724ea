import type { DispatchConfig } from '../config.js'
import { planOutcome } from '../core/messages/plan-outcome.js'
import type { ClaimedMessage, Outbox, OutcomeRecord } from '../core/messages/ports.js'
import type { Clock, Random, RateLimiter } from '../core/ports.js'
import type { MessagingProvider, SendOutcome } from '../core/providers/provider.js'
import type { Instant } from '../core/shared/time.js'

/** A sender number and the provider account that carries its messages. */
export interface Sender {
  id: string
  provider: MessagingProvider
  /** Sends per second for this number, shared by every worker process. */
  ratePerSecond: number
}

/** What the dispatcher reports, for metrics. */
export interface DispatchObserver {
  sendFinished(outcome: SendOutcome['kind'], seconds: number): void
  messageAccepted(acceptToProviderSeconds: number): void
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
  /**
   * Gives up on provider calls in flight and sends no more (shutting down): a message whose request
   * cannot have reached the provider goes back to the queue; one that may have stays in doubt.
   */
  abort(): void
}

/**
 * Banked tokens: a quarter second of the rate. Small enough that a worker never bursts far
 * above the provider's per-second limit, large enough that one claim round moves a useful batch.
 */
export function burstCapacity(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 4))
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { outbox, limiter, clock, random, owner, config, observer } = deps
  const stopping = new AbortController()

  async function sendOne(sender: Sender, message: ClaimedMessage): Promise<OutcomeRecord> {
    const started = clock.now()
    // A message whose lease could run out mid-call is not sent: another worker could otherwise
    // take it for abandoned and send it as well.
    if (message.leaseUntil - started < config.sendBudgetMs || stopping.signal.aborted) return { kind: 'release' }
    const outcome = await sender.provider.send({
      messageId: message.id,
      to: message.to,
      ...(message.recipientId ? { recipientId: message.recipientId } : {}),
      content: message.content,
      signal: stopping.signal,
    })
    // Cut short by a shutdown: a call that certainly did not reach the provider (or was refused,
    // which is as good) is released, not counted as an attempt; an in-doubt one stays in doubt.
    if (stopping.signal.aborted && outcome.kind === 'retryable') return { kind: 'release' }
    const finished = clock.now()
    observer?.sendFinished(outcome.kind, (finished - started) / 1000)
    if (outcome.kind === 'accepted') observer?.messageAccepted((finished - message.createdAt) / 1000)
    return planOutcome(outcome, message.attempts, config.retry, random(), finished)
  }

  async function claim(sender: Sender, wanted: number, now: Instant): Promise<Claim> {
    // Idle senders are the common case: one indexed look-up instead of taking and refunding tokens.
    if (!(await outbox.hasDue(sender.id, now))) return { messages: [], throttled: false }
    const key = `sender:${sender.id}`
    const granted = await limiter.take(key, wanted, sender.ratePerSecond, burstCapacity(sender.ratePerSecond), now)
    if (granted === 0) return { messages: [], throttled: true }
    const messages = await outbox.claimDue(sender.id, now, granted, config.leaseMs, owner)
    if (messages.length < granted) await limiter.refund(key, granted - messages.length)
    return { messages, throttled: granted < wanted }
  }

  async function sendAndRecord(sender: Sender, messages: ClaimedMessage[]): Promise<void> {
    if (messages.length === 0) return
    const outcomes = await Promise.all(messages.map(async (message) => ({ message, outcome: await sendOne(sender, message) })))
    await outbox.recordOutcomes(outcomes, owner, clock.now())
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
    abort: () => stopping.abort(),
  }
}
