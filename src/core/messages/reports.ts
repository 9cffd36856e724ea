import type { ProviderError } from '../shared/provider-error.js'
import type { Instant } from '../shared/time.js'
import type { InboundContent } from './content.js'
import type { ReportedStatus } from './status.js'

/*
 * What providers report about messages, in Parley's terms: the messages feature consumes these,
 * and the provider port (core/providers/provider.ts) re-exports them for the adapters.
 */

/**
 * How a send ended. `accepted` only means the provider took the message; its fate arrives
 * later as status events. `retryable` means the provider certainly did not take it (refused
 * connection, 5xx) and `rejected` that it never will (the provider's code and title are kept).
 * `throttled` means it was not taken because Parley sent too fast — from the sender number as a
 * whole (`sender`) or to this one user (`recipient`): the message is fine and waits its turn. `in_doubt` means the request left but no answer came back (timeout, connection cut):
 * the provider may have taken it, so it must not simply be sent again.
 */
export type SendOutcome =
  | { kind: 'accepted'; providerMessageId: string; recipientId?: string }
  | ({ kind: 'retryable'; retryAfterMs?: number } & ProviderError)
  | ({ kind: 'rejected' } & ProviderError)
  | ({ kind: 'in_doubt' } & ProviderError)
  | ({ kind: 'throttled'; scope: ThrottleScope; retryAfterMs: number } & ProviderError)

/** Whose rate a throttle is about: the sender number's throughput, or the pair of number and user. */
export type ThrottleScope = 'sender' | 'recipient'

/** What a provider's pricing said about one message (Meta: the `pricing` object on statuses). */
export interface ReportedPricing {
  model?: string
  type?: string
  category?: string
  billable?: boolean
}

/** A status change reported by the provider for a message we sent. */
export interface StatusEvent {
  kind: 'status'
  providerMessageId: string
  /** Our message id when the provider echoed it back. */
  messageId?: string
  status: ReportedStatus
  /** The business number it concerns (Meta `metadata.phone_number_id`). */
  businessNumberId?: string
  /** When the provider says it happened. */
  at: Instant
  recipientId?: string
  /** Set on `failed`; `retryable` is the adapter's classification of the code; `unreachable` means the recipient is not on the channel (e.g. not on WhatsApp). */
  error?: ProviderError & { retryable: boolean; unreachable?: boolean }
  pricing?: ReportedPricing
}

/** A message a user sent to the business. */
export interface InboundEvent {
  kind: 'inbound'
  providerMessageId: string
  /** The provider's user id (Meta `wa_id`), the key users are known by. */
  fromId: string
  /** The sender's phone in E.164 when the provider gives one. */
  fromPhone?: string
  profileName?: string
  /** The business number that received it (Meta `metadata.phone_number_id`): with several senders, whose conversation it is. */
  businessNumberId?: string
  /** When the user sent it (the provider's timestamp): the customer-service window starts here. */
  at: Instant
  content: InboundContent
  /** The provider message id of our message the user replied to or tapped a button on. */
  replyTo?: string
}
