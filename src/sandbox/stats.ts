import type { FlavourName } from './flavours/names.js'
import type { SmsCounters } from './flavours/sms/sms-core.js'
import type { DeliveryStats } from './webhook-delivery.js'

/** Callback delivery of one provider flavour, as `stats().callbacks` reports it. */
export type CallbackStats = DeliveryStats & { url: string | null; duplicated: number }

/** What `stats()` and `GET /sandbox/stats` report. */
export interface SandboxStats {
  /** Requests to the Cloud API routes (sends, read receipts, refusals, faults). */
  requests: number
  /** Messages answered 200 with a wamid (including those that later fail by webhook). */
  accepted: number
  /** Synchronous refusals by Meta error code, e.g. `{ "130429": 3 }`. */
  rejected: Record<string, number>
  /** Accepted messages that ended in a `failed` status webhook, by error code. */
  failed: Record<string, number>
  readReceipts: number
  inbound: number
  faults: { serverErrors: number; droppedBefore: number; droppedAfter: number }
  webhooks: DeliveryStats & {
    /** Webhook bodies posted twice by the duplicate fault. */
    duplicated: number
    /** Statuses waiting for their delay to pass. */
    scheduled: number
    /** Statuses held in the current batch window. */
    batched: number
  }
  /** Each provider flavour's callback delivery: its URL, the delivery counters, bodies posted twice. */
  callbacks: Partial<Record<FlavourName, CallbackStats>>
  /** The SMS flavours' texts: accepted, to unreachable recipients, refused after a STOP, inbound. */
  sms: SmsCounters & { scheduledReceipts: number }
}

export type Counters = Omit<SandboxStats, 'webhooks' | 'callbacks' | 'sms'>

export function newCounters(): Counters {
  return {
    requests: 0,
    accepted: 0,
    rejected: {},
    failed: {},
    readReceipts: 0,
    inbound: 0,
    faults: { serverErrors: 0, droppedBefore: 0, droppedAfter: 0 },
  }
}

/** Counts one more `code` (a Meta code, or a flavour's own such as `gupshup:1006`). */
export function countCode(map: Record<string, number>, code: number | string): void {
  map[code] = (map[code] ?? 0) + 1
}
