import type { E164 } from '../contacts/phone.js'
import type { ApplyResult } from '../shared/apply-result.js'
import type { ProviderError } from '../shared/provider-error.js'
import type { InboundEvent, ReportedPricing, StatusEvent } from './reports.js'
import type { Duration, Instant } from '../shared/time.js'
import type { InboundContent, MessageKind, OutboundContent } from './content.js'
import type { AwaitingStatus, MessageStatus } from './status.js'
import type { Channel } from '../providers/channel.js'
import type { SenderRef } from './sender.js'
import type { MessageCost } from '../costs/message-cost.js'

/** A message the API accepted, ready to be stored as a queued outbox row. */
export interface NewOutboundMessage {
  id: string
  to: E164
  market: string | null
  senderId: string
  provider: string
  /** The account (provider login) that carries the sender, recorded on the message. */
  account: string
  channel: Channel
  content: OutboundContent
  preview: string
  /** An SMS's segments (what it is billed by), counted before it is sent; null for WhatsApp. */
  segments: number | null
  /** The estimated cost when it was accepted (null or absent: not priced, e.g. an SMS). */
  cost?: MessageCost | null
  metadata: Record<string, unknown> | null
  dueAt: Instant
  /** For notifications: how the message came to be and how it may be cancelled. */
  notification?: NotificationLink
}

/** What ties a message to the business event and rule that produced it. */
export interface NotificationLink {
  eventId: string
  ruleId: string
  category: string
  /** `scheduled` when due later (it then waits without blocking the contact's other messages). */
  scheduled: boolean
  expiresAt: Instant | null
  /** Keys that cancel it while unsent, e.g. `lesson.cancelled:lesson-9`. */
  cancelKeys: string[]
  /** The reply the rule waits for, kept with the message to match replies later. */
  expectReply: unknown
}

export interface IdempotencyClaim {
  scope: string
  key: string
  requestHash: string
  /** What a replay of this request answers with, as JSON. */
  result: string
}

export type EnqueueResult =
  | { kind: 'enqueued' }
  | { kind: 'replay'; result: string }
  | { kind: 'conflict' }

/** An outbox row a worker holds a lease on. */
export interface ClaimedMessage {
  id: string
  seq: number
  contactId: string
  provider: string
  to: E164
  recipientId: string | null
  senderId: string
  content: OutboundContent
  attempts: number
  createdAt: Instant
  /** Until when this worker holds the message. */
  leaseUntil: Instant
}

export type ErrorRecord = ProviderError & { retryable: boolean }

/** What the dispatcher decided after a send; the store applies it. */
export type OutcomeRecord =
  | { kind: 'accepted'; providerMessageId: string; recipientId?: string }
  | { kind: 'requeue'; dueAt: Instant; error: ErrorRecord }
  /** Refused for sending too fast: back to the queue after the pause, the attempt not counted. */
  | { kind: 'throttled'; dueAt: Instant; error: ErrorRecord }
  | { kind: 'fail'; error: ErrorRecord }
  | { kind: 'in_doubt'; error: ErrorRecord }
  /** Not sent at all (too little lease left to send safely): back to the queue, the attempt not counted. */
  | { kind: 'release' }

export interface MessageView {
  id: string
  direction: 'outbound' | 'inbound'
  contactPhone: string
  senderId: string
  provider: string
  /** The account that carried it (migration 0019: older messages have their provider's name). */
  account: string
  channel: Channel
  kind: MessageKind
  content: OutboundContent | InboundContent
  preview: string
  /** An outbound SMS's segments; null otherwise. */
  segments: number | null
  status: MessageStatus
  providerMessageId: string | null
  replyTo: string | null
  attempts: number
  error: ErrorRecord | null
  metadata: Record<string, unknown> | null
  pricing: ReportedPricing | null
  /** The estimate when it was accepted (inbound: on receipt) and the final from the platform's pricing; null where not priced (yet). */
  cost: { estimated: MessageCost | null; final: MessageCost | null }
  /** While `stale`: the status it was last heard in, and when. */
  lastHeard: { status: AwaitingStatus; at: Instant } | null
  createdAt: Instant
  updatedAt: Instant
}

/** A message whose final cost differs from its estimate. */
export interface CostDiscrepancy {
  messageId: string
  createdAt: Instant
  estimated: MessageCost
  final: MessageCost
}

export interface HistoryEntry {
  status: MessageStatus
  at: Instant
  source: string
  error: ProviderError | null
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type { ApplyResult } from '../shared/apply-result.js'

/** The durable outbox: what accepting, scheduling and the dispatcher do with messages waiting to go. */
export interface Outbox {
  /** Stores messages (and their contacts) in one transaction, honouring an idempotency key; storing none claims no key. */
  enqueue(messages: NewOutboundMessage[], now: Instant, idempotency?: IdempotencyClaim): Promise<EnqueueResult>
  /** Queues scheduled messages that are due, and cancels those whose use has expired; returns both. */
  promoteScheduled(now: Instant): Promise<{ queued: string[]; expired: string[] }>
  /** Cancels unsent messages holding any of these keys; returns their ids. */
  cancelByKeys(keys: string[], reason: { code: string; title: string }, now: Instant): Promise<string[]>
  /** Whether a sender has any queued message due: a cheap check before taking rate tokens and a lease. */
  hasDue(senderId: string, now: Instant): Promise<boolean>
  /** Leases up to `limit` due messages of one sender, at most one per contact, oldest first. */
  claimDue(senderId: string, now: Instant, limit: number, lease: Duration, owner: string): Promise<ClaimedMessage[]>
  /** Applies the dispatcher's decisions for messages it holds. */
  recordOutcomes(outcomes: Array<{ message: ClaimedMessage; outcome: OutcomeRecord }>, owner: string, now: Instant): Promise<void>
  /** Returns to the queue messages with no provider evidence a `grace` after their lease ended and Parley could receive webhooks (see ReceiverHeartbeats). */
  requeueAbandoned(now: Instant, grace: Duration): Promise<string[]>
  /** Queued (due or not) and sending messages, for the queue-depth gauge. */
  queueDepth(): Promise<{ queued: number; sending: number }>
  /**
   * Marks `stale` up to `limit` messages still waiting for a word of which nothing was heard for
   * `staleAfter`, keeping what was last heard; returns their ids. They are never sent again.
   */
  markStale(now: Instant, staleAfter: Duration, limit: number): Promise<string[]>
  /** How many messages are stale, for the gauge. */
  staleCount(): Promise<number>
}

/** What the provider reported about messages, written onto their histories. */
export interface StatusLedger {
  /** Applies status webhooks; repeated ones change nothing. */
  applyStatuses(events: StatusEvent[], now: Instant): Promise<ApplyResult[]>
  /** Stores inbound messages on their contact's history, filed under the sender that received them; repeated ones change nothing. */
  recordInbound(events: InboundEvent[], sender: SenderRef, now: Instant): Promise<ApplyResult[]>
}

/** Statuses the API lists messages by: each has a partial index, so a listing never scans settled messages. */
export type ListedStatus = 'stale'

/** Reading messages back: for the API and for answering replays. */
export interface MessageQueries {
  /** One message, either direction; null when unknown. */
  get(id: string): Promise<MessageView | null>
  /** A message's status history, oldest first. */
  history(id: string): Promise<HistoryEntry[]>
  /** A contact's messages, both directions, newest first; null when there is no such contact. */
  listByContact(phone: E164, limit: number, cursor: string | null): Promise<Page<MessageView> | null>
  /** Outbound messages in `status`, newest first (`stale` only: the one status that asks someone to look). */
  listByStatus(status: ListedStatus, limit: number, cursor: string | null): Promise<Page<MessageView>>
  /** The current status of each of these messages that exists. */
  statuses(ids: string[]): Promise<Map<string, MessageStatus>>
  /** Messages whose final cost differs from the estimate, newest first, with their total count. */
  costDiscrepancies(limit: number, cursor: string | null): Promise<Page<CostDiscrepancy> & { total: number }>
}

export interface StoredReceipt {
  id: number
  provider: string
  /** The bytes the provider signed, as they came (with what the receiver keeps beside them, for Twilio). */
  body: Buffer
}

/** Raw webhook bodies, stored before they are processed so that a crash in between loses nothing. */
export interface WebhookInbox {
  /** Stores a verified body byte for byte (the raw body, or what its receiver keeps of the request); resolves once committed. */
  add(provider: string, body: Buffer, now: Instant): Promise<void>
  /**
   * Leases up to `limit` receipts not processed yet, oldest first, to `owner` until `now + lease`:
   * another process skips them until they are marked or the lease runs out (its holder died).
   */
  claim(limit: number, now: Instant, lease: Duration, owner: string): Promise<StoredReceipt[]>
  markProcessed(ids: number[], now: Instant): Promise<void>
  /** Gives up on a receipt for good (its body cannot be understood). */
  markFailed(id: number, error: string, now: Instant): Promise<void>
  /** Counts a failed attempt to apply a receipt (and frees it for the next try); after `maxAttempts` it is given up on, so it cannot block the rest. */
  recordAttemptFailure(id: number, error: string, maxAttempts: number, now: Instant): Promise<void>
}
