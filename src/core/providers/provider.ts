import type { InboundContent, OutboundContent } from '../messages/content.js'
import type { ReportedStatus } from '../messages/status.js'
import type { Instant } from '../shared/time.js'
import type { ProviderError } from './provider-error.js'
import type { TemplateEvent } from './templates.js'

/**
 * The port every provider adapter implements. It speaks in Parley's terms only: no provider's
 * wire shapes leak through it, so the core and the dispatcher never branch on the provider.
 */
export interface MessagingProvider {
  /** Stable provider name recorded on every message, e.g. `meta`. */
  readonly name: string
  /** Sends one message. Never throws for provider or network trouble: the outcome is data. */
  send(request: SendRequest): Promise<SendOutcome>
}

export interface SendRequest {
  /** Parley's message id; adapters echo it back through the provider (Meta: `biz_opaque_callback_data`). */
  messageId: string
  /** Recipient in E.164 with a leading `+`. */
  to: string
  /** The provider's user id when known (Meta `wa_id`); preferred over `to`. */
  recipientId?: string
  content: OutboundContent
}

export type { ProviderError } from './provider-error.js'

/**
 * How a send ended. `accepted` only means the provider took the message; its fate arrives
 * later as status events. `retryable` means the provider certainly did not take it (refused
 * connection, 5xx, throttling) and `rejected` that it never will (the provider's code and title
 * are kept). `in_doubt` means the request left but no answer came back (timeout, connection cut):
 * the provider may have taken it, so it must not simply be sent again.
 */
export type SendOutcome =
  | { kind: 'accepted'; providerMessageId: string; recipientId?: string }
  | ({ kind: 'retryable'; retryAfterMs?: number } & ProviderError)
  | ({ kind: 'rejected' } & ProviderError)
  | ({ kind: 'in_doubt' } & ProviderError)

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

/** Something valid that Parley does not act on (yet), kept for the record. */
export interface IgnoredEvent {
  kind: 'ignored'
  reason: string
}

export type ProviderEvent = StatusEvent | InboundEvent | TemplateEvent | IgnoredEvent

/** The HTTP request a webhook arrived as, reduced to what adapters may look at. */
export interface WebhookRequest {
  rawBody: Buffer
  headers: Readonly<Record<string, string | string[] | undefined>>
}

export type WebhookVerification = { ok: true } | { ok: false; reason: 'missing_signature' | 'bad_signature' }

export type WebhookParse = { ok: true; events: ProviderEvent[] } | { ok: false; reason: string }

export type HandshakeResult = { ok: true; body: string } | { ok: false }

/** Receiving side of a provider: checks, reads and answers its webhooks. */
export interface WebhookReceiver {
  /** Checks the request's signature over the raw bytes, in constant time. */
  verify(request: WebhookRequest): WebhookVerification
  /** Turns a verified raw body into normalised events. */
  parse(rawBody: Buffer): WebhookParse
  /** Answers the provider's subscription handshake, for providers that have one. */
  handshake?(query: Readonly<Record<string, string | undefined>>): HandshakeResult
}
