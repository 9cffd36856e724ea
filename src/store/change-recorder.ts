import type { DomainEvent } from '../core/events/domain-event.js'
import type { EventBus } from '../core/events/ports.js'
import { outgoingPayloadsOf } from '../core/outgoing/outgoing-payloads.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import { appendFeed } from './feed-store.js'
import { queueOutgoing } from './outgoing-webhook-store.js'
import type { SpendAccounting } from './cost-spend.js'
import { inTransaction, type Trx } from './transaction.js'

/**
 * Where the stores put the domain events their changes produce: first inside the transaction that
 * made the change (what is written there commits or rolls back with it, e.g. the business's webhook
 * deliveries), then, once committed, to the in-process bus.
 */
export interface ChangeRecorder {
  withinTransaction(trx: Trx, events: readonly DomainEvent[], now: Instant): Promise<void>
  committed(events: readonly DomainEvent[]): void
  /** How the stores keep each month's spend per budget scope (absent: per category only). */
  spend?: SpendAccounting
}

/** For stores used on their own (tools, tests of one store): changes go nowhere. */
export const UNRECORDED: ChangeRecorder = {
  withinTransaction: async () => undefined,
  committed: () => undefined,
}

/**
 * The recorder Parley runs with: the deliveries of the business's webhooks and the inbox's live
 * feed are written in the transaction of the change that causes them (a crash can no longer lose
 * one between the two), and the bus hears of the change once it committed.
 */
export function createChangeRecorder(bus: Pick<EventBus, 'publish'>, spend?: SpendAccounting): ChangeRecorder {
  return {
    ...(spend ? { spend } : {}),
    async withinTransaction(trx, events, now) {
      await queueOutgoing(trx, events.flatMap(outgoingPayloadsOf), now)
      await appendFeed(trx, events, now)
    },
    committed: (events) => bus.publish(events),
  }
}

/**
 * Runs `work` in one transaction that also records the events it reports, then publishes them.
 * A retried transaction starts with no events, so nothing is recorded twice.
 */
export async function transactWithEvents<T>(
  database: Database,
  changes: ChangeRecorder,
  now: Instant,
  work: (trx: Trx, record: (events: readonly DomainEvent[]) => void) => Promise<T>,
): Promise<T> {
  let events: DomainEvent[] = []
  const result = await inTransaction(database, async (trx) => {
    events = []
    const value = await work(trx, (more) => void events.push(...more))
    if (events.length > 0) await changes.withinTransaction(trx, events, now)
    return value
  })
  if (events.length > 0) changes.committed(events)
  return result
}
