import type { SendOutcome } from './reports.js'
import type { Instant } from '../shared/time.js'
import type { OutcomeRecord } from './ports.js'
import { decideRetry, type RetryPolicy } from './retry.js'

/**
 * Turns a provider's answer to attempt number `attempt` into what the outbox records: accepted,
 * back to the queue after a backoff, failed for good (keeping the provider's code and title), or
 * in doubt (left for the reconciler, never resent blindly).
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
  }
}
