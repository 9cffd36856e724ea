import { randomUUID } from 'node:crypto'
import type { BusinessNumber } from '../../business-number.js'
import { countCode } from '../../stats.js'
import type { InboundValue, StatusPayload } from '../../webhook-payloads.js'
import type { Json } from '../../validate-helpers.js'
import type { FlavourEvents } from '../events.js'
import type { FlavourHost } from '../flavour.js'
import { OptIns, type OptInStatus } from './opt-ins.js'
import { SentMessages, type SentMessage } from './sent-messages.js'
import { templateEvent } from './templates.js'
import { callback, enqueuedEvent, failedEvent, messageEvent, statusEvent, userEvent } from './translate-out.js'

/**
 * The Gupshup app the sandbox plays: its number in the core, the messages it sent (Gupshup id ↔
 * wamid), its opt-in register, and its v2 callbacks (docs/platform.md §7.1).
 */
export class GupshupApp implements FlavourEvents {
  readonly host: FlavourHost
  readonly number: BusinessNumber
  readonly sent = new SentMessages()
  readonly optIns = new OptIns()

  constructor(host: FlavourHost) {
    this.host = host
    this.number = host.numbers[0]!
  }

  /** A new Gupshup message id (`messageId` in the answer, `gsId` on events). */
  newMessageId(): string {
    return randomUUID()
  }

  /** An accepted send: remembered, and its `enqueued` event posted. */
  accepted(m: SentMessage, atMs: number): void {
    this.sent.add(m)
    this.#post('message-event', enqueuedEvent(m), atMs)
  }

  /** A send Gupshup or the platform refused after answering `submitted`: one `failed` event with Gupshup's id. */
  failed(gsId: string, destination: string, code: number, reason: string, atMs: number): void {
    countCode(this.host.state.counters.failed, `gupshup:${code}`)
    this.#post('message-event', failedEvent(gsId, destination, code, reason), atMs)
  }

  /** The opt-in API: recorded, and the `user-event` posted. */
  setOptIn(phone: string, status: OptInStatus, atMs: number): void {
    this.optIns.set(phone, status, atMs)
    this.#post('user-event', userEvent(phone, status === 'OPT_IN' ? 'opted-in' : 'opted-out'), atMs)
  }

  inbound(_number: BusinessNumber, value: InboundValue, atMs: number): void {
    this.#post('message', messageEvent(value, this.sent), atMs)
  }

  status(_number: BusinessNumber, status: StatusPayload, atMs: number): void {
    this.#post('message-event', statusEvent(status, this.sent.get(status.id)), atMs)
  }

  /** Template status changes as `template-event`, only while a callback URL is set (they are the shared WABA's, not the app's own). */
  accountChange(field: string, value: object, atMs: number): void {
    if (field !== 'message_template_status_update' || this.host.callbacks.url() === null) return
    const payload = templateEvent(value as Json)
    if (payload) this.#post('template-event', payload, atMs)
  }

  reset(): void {
    this.sent.clear()
    this.optIns.clear()
  }

  #post(type: Parameters<typeof callback>[0], payload: Json, atMs: number): void {
    this.host.callbacks.post(type === 'message' ? 'messages' : type === 'template-event' ? 'templates' : 'statuses', callback(type, payload, atMs))
  }
}
