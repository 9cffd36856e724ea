import { canTransition, OUTBOUND_STATUSES, type MessageStatus } from '../../src/core/messages/status.js'
import type { AcceptedMessage } from '../../src/sandbox/index.js'
import type { AcknowledgedStatus } from '../support/webhook-relay.js'
import type { UnexpectedExit } from './supervisor.js'

/**
 * Where a message may rest once the provider's webhooks have all been delivered. `sent` and
 * `delivered` are allowed because a provider may never report more; `stale` is Parley's verdict on
 * a message the provider went silent about (issue 9). Whether the status is the right one of these
 * is checked separately, against the webhooks Parley acknowledged.
 */
export const ENDED_STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed', 'stale']

/** The statuses reachable from `from` by allowed transitions (canTransition, transitively). */
function reachableFrom(from: string): Set<string> {
  const seen = new Set<string>()
  const todo = [from]
  while (todo.length > 0) {
    const at = todo.pop()!
    for (const to of OUTBOUND_STATUSES) {
      if (!seen.has(to) && canTransition(at as MessageStatus, to)) {
        seen.add(to)
        todo.push(to)
      }
    }
  }
  return seen
}

const reachable = new Map<string, Set<string>>()

/**
 * Whether a message seen in `from` and later in `to` can have got there by allowed steps: the
 * status never moves backwards (the dispatcher's `sending → queued` retry is the one allowed step back).
 */
export function canHaveMoved(from: string, to: string): boolean {
  if (from === to) return true
  if (!reachable.has(from)) reachable.set(from, reachableFrom(from))
  return reachable.get(from)!.has(to)
}

/** The status Parley must end in after applying `statuses` (in the order acknowledged) to an accepted message. */
export function expectedStatus(statuses: string[]): string {
  let status: string = 'accepted'
  for (const next of statuses) if (canTransition(status as MessageStatus, next as MessageStatus)) status = next
  return status
}

export interface Observations {
  /** Ids of every message Parley answered 202 (or an idempotent replay) for. */
  acceptedIds: string[]
  /** Parley's outbound messages at the end: id → status. */
  finalStatuses: Map<string, string>
  /** Every message the sandbox took, in order. */
  sandboxAccepted: AcceptedMessage[]
  /** Every status webhook Parley acknowledged, in order. */
  acknowledged: AcknowledgedStatus[]
  /** Status moves the sampler saw that no allowed transition explains. */
  backwards: Array<{ id: string; from: string; to: string }>
  unexpectedExits: UnexpectedExit[]
  /** Webhook deliveries the sandbox gave up on (not Parley's doing, but they make "no webhook lost" unprovable). */
  sandboxDroppedWebhooks: number
}

const sample = <T>(list: T[]) => ({ count: list.length, first: list.slice(0, 5) })

/** Every broken promise, each as a count and a few examples; all counts zero is a pass. */
export function violations(o: Observations) {
  const accepted = new Set(o.acceptedIds)
  const sends = new Map<string, AcceptedMessage[]>()
  for (const m of o.sandboxAccepted) {
    const id = m.bizOpaqueCallbackData ?? ''
    sends.set(id, [...(sends.get(id) ?? []), m])
  }
  const idOfWamid = new Map(o.sandboxAccepted.map((m) => [m.wamid, m.bizOpaqueCallbackData ?? '']))
  const acknowledgedById = new Map<string, string[]>()
  for (const a of o.acknowledged) {
    const id = idOfWamid.get(a.wamid)
    if (id !== undefined) acknowledgedById.set(id, [...(acknowledgedById.get(id) ?? []), a.status])
  }
  const ids = [...o.finalStatuses.keys()]
  const statusOf = (id: string) => o.finalStatuses.get(id) ?? 'missing'
  return {
    /** Accepted by the API but not in the database. */
    lost: sample(o.acceptedIds.filter((id) => !o.finalStatuses.has(id))),
    /** In the database though no answer named them (a retried batch counted twice). */
    unannounced: sample(ids.filter((id) => !accepted.has(id))),
    /** Taken by the sandbox more than once, with how long after the first the second came (a reconciler resend waits lease + grace). */
    sentTwice: sample(
      [...sends.entries()]
        .filter(([, list]) => list.length > 1)
        .map(([id, list]) => ({ id, sends: list.length, secondAfterMs: list[1]!.acceptedAt - list[0]!.acceptedAt, status: statusOf(id) })),
    ),
    /** Not resting in an ended status. */
    notEnded: sample(ids.filter((id) => !ENDED_STATUSES.includes(statusOf(id))).map((id) => ({ id, status: statusOf(id) }))),
    /** Never sent, yet not failed: nothing will ever end it. */
    neverSent: sample(ids.filter((id) => !sends.has(id) && statusOf(id) !== 'failed').map((id) => ({ id, status: statusOf(id) }))),
    /** Status other than what the webhooks Parley acknowledged lead to. */
    webhookLost: sample(
      ids
        .filter((id) => sends.has(id))
        .map((id) => ({ id, status: statusOf(id), expected: expectedStatus(acknowledgedById.get(id) ?? []), acknowledged: acknowledgedById.get(id) ?? [] }))
        .filter((m) => m.status !== m.expected),
    ),
    backwards: sample(o.backwards),
    unexpectedExits: sample(o.unexpectedExits),
    sandboxDroppedWebhooks: o.sandboxDroppedWebhooks,
  }
}

export type Violations = ReturnType<typeof violations>

/** The report with nothing broken, to compare a run's report against. */
export const NO_VIOLATIONS: Violations = {
  lost: { count: 0, first: [] },
  unannounced: { count: 0, first: [] },
  sentTwice: { count: 0, first: [] },
  notEnded: { count: 0, first: [] },
  neverSent: { count: 0, first: [] },
  webhookLost: { count: 0, first: [] },
  backwards: { count: 0, first: [] },
  unexpectedExits: { count: 0, first: [] },
  sandboxDroppedWebhooks: 0,
}
