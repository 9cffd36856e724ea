import type { Duration, Instant } from '../shared/time.js'

/** What the business's systems can subscribe to. */
export const OUTGOING_TOPICS = ['message.status', 'message.inbound', 'feedback', 'contact.opt_out', 'contact.opt_in', 'cost.budget_threshold'] as const
export type OutgoingTopic = (typeof OUTGOING_TOPICS)[number]

export interface Subscription {
  id: string
  url: string
  topics: OutgoingTopic[]
  createdAt: Instant
}

export interface DueDelivery {
  id: number
  subscriptionId: string
  url: string
  secret: string
  topic: OutgoingTopic
  payload: string
  attempts: number
}

export interface DeliveryRecord {
  id: number
  subscriptionId: string
  topic: OutgoingTopic
  payload: unknown
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: Instant
  lastStatus: number | null
  lastError: string | null
  createdAt: Instant
  deliveredAt: Instant | null
}

/** Subscriptions of the business's systems and the log of what was posted to them. */
export interface OutgoingWebhookStore {
  subscribe(subscription: Subscription & { secret: string }): Promise<void>
  subscriptions(): Promise<Subscription[]>
  unsubscribe(id: string, now: Instant): Promise<boolean>
  /** Leases up to `limit` deliveries due now to `owner` (another process skips them until they are marked or the lease ends). */
  claimDue(now: Instant, limit: number, lease: Duration, owner: string): Promise<DueDelivery[]>
  markDelivered(id: number, status: number, now: Instant): Promise<void>
  /** Records a failed attempt; `nextAttemptAt` null gives up on it. */
  markAttemptFailed(id: number, failure: { status: number | null; error: string }, nextAttemptAt: Instant | null): Promise<void>
  deliveries(subscriptionId: string, limit: number): Promise<DeliveryRecord[]>
  /** Queues a delivery again (a replay), whatever became of it; false if there is no such delivery. */
  replay(id: number, now: Instant): Promise<boolean>
}
