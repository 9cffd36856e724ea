import type { SendOutcome } from './reports.js'
import type { Instant } from '../shared/time.js'
import type { OutcomeRecord } from './ports.js'
import { decideRetry, throttleDelay, type RetryPolicy } from './retry.js'

/**
 * Turns a provider's answer to attempt number `attempt` into what the outbox records: accepted,
 * back to the queue after a backoff, failed for good (keeping the provider's code and title), in
 * doubt (left for the reconciler, never resent blindly), or throttled (back to the queue after the
 * provider's pause without spending an attempt: however long the number is held back, a message
 * never fails for it).
 */
export function planOutcome(outcome: SendOutcome, attempt: number, policy: RetryPolicy, random: number, now: Instant): OutcomeRecord {
  switch (outcome.kind) {
    case 'accepted':
      return { kind: 'accepted', providerMessageId: outcome.providerMessageId, ...(outcome.recipientId ? { recipientId: outcome.recipientId } : {}) }
    case 'rejected':
      return { kind: 'fail', error: { code: outcome.code, title: outcome.title, retryable: false } }
    case 'in_doubt':
      return { kind: 'in_doubt', error: { code: outcome.code, title: outcome.title, retryable: true } }
    case 'retryable': {
      const error = { code: outcome.code, title: outcome.title, retryable: true }
      const decision = decideRetry(policy, attempt, random, outcome.retryAfterMs)
      return decision.kind === 'retry' ? { kind: 'requeue', dueAt: now + decision.delay, error } : { kind: 'fail', error }
    }
    case 'throttled': {
      const reason = outcome.scope === 'sender' ? 'the number sent too fast' : 'too many messages to this user'
      const title = `${outcome.title} (throttled: ${reason}; queued again, not counted as an attempt)`
      return { kind: 'throttled', dueAt: now + throttleDelay(outcome.retryAfterMs, random), error: { code: outcome.code, title, retryable: true } }
    }
  }
}
