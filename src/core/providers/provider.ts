import type { OutboundContent } from '../messages/content.js'
import type { InboundEvent, SendOutcome, StatusEvent } from '../messages/reports.js'
import type { Instant } from '../shared/time.js'
import type { TemplateEvent } from './templates.js'

/**
 * The port every provider adapter implements. It speaks in Parley's terms only: no provider's
 * wire shapes leak through it, so the core and the dispatcher never branch on the provider.
 */
export interface MessagingProvider {
  /** Stable provider name recorded on every message, e.g. `meta`. */
  readonly name: string
  /**
   * The provider answers opt-out and opt-in keywords (STOP, START) on this sender with its own
   * confirmation (Twilio on SMS, docs/platform.md §7.4), so Parley sends none. Absent: it does not.
   */
  readonly confirmsKeywords?: boolean
  /** Sends one message. Never throws for provider or network trouble: the outcome is data. */
  send(request: SendRequest): Promise<SendOutcome>
  /** Tells the platform the business read the user's message (and every earlier one). Never throws: the outcome is data. */
  markRead(providerMessageId: string): Promise<ReadOutcome>
}

/** Whether a read receipt reached the platform; a failed one is only worth a log line (the next read sends another). */
export type ReadOutcome = { kind: 'sent' } | { kind: 'failed'; code: string; title: string }

export interface SendRequest {
  /** Parley's message id; adapters echo it back through the provider (Meta: `biz_opaque_callback_data`). */
  messageId: string
  /** Recipient in E.164 with a leading `+`. */
  to: string
  /** The provider's user id when known (Meta `wa_id`); preferred over `to`. */
  recipientId?: string
  content: OutboundContent
  /** Aborted to give up on the call (a shutdown); the outcome then says whether the provider can have it. */
  signal?: AbortSignal
}

export type { ProviderError } from '../shared/provider-error.js'
export type { InboundEvent, ReportedPricing, SendOutcome, StatusEvent, ThrottleScope } from '../messages/reports.js'

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
  /**
   * The full URL the provider posted to, as the provider saw it (PARLEY_PUBLIC_URL, else the Host
   * header, plus path and query): Twilio signs it, and unsigned providers carry their secret in it.
   */
  url: string
}

export type WebhookVerification = { ok: true } | { ok: false; reason: 'missing_signature' | 'bad_signature' }

export type WebhookParse = { ok: true; events: ProviderEvent[] } | { ok: false; reason: string }

export type HandshakeResult = { ok: true; body: string } | { ok: false }

/** Receiving side of a provider: checks, reads and answers its webhooks. */
export interface WebhookReceiver {
  /** Checks the request's signature over the raw bytes, in constant time. */
  verify(request: WebhookRequest): WebhookVerification
  /**
   * What is kept of a verified request for `parse`, which reads it then and again from the stored
   * receipt (receipts keep bytes alone); default the raw body. Twilio names our message in the
   * callback URL's query and gives no time of its own, so it keeps both beside the form.
   */
  receiptBody?(request: WebhookRequest, receivedAt: Instant): Buffer
  /** Turns a kept body (the raw body, or what `receiptBody` kept) into normalised events. */
  parse(rawBody: Buffer): WebhookParse
  /** Answers the provider's subscription handshake, for providers that have one. */
  handshake?(query: Readonly<Record<string, string | undefined>>): HandshakeResult
  /** What a stored webhook is answered with, where the provider expects something particular (Twilio: empty TwiML); default `{"ok":true}`. */
  readonly acknowledgement?: { contentType: string; body: string }
}
