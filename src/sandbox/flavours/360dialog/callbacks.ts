import type { BusinessNumber } from '../../business-number.js'
import { metaJson } from '../../meta-json.js'
import type { InboundValue, StatusPayload } from '../../webhook-payloads.js'
import type { FlavourCallbacks } from '../flavour.js'

/**
 * 360dialog's webhooks for Cloud numbers (docs/platform.md §7.3): Meta's `entry/changes` format,
 * serialised like Meta's, unsigned, one body per event (the batching fault is Meta's alone).
 */
export class DialogCallbacks {
  readonly #callbacks: FlavourCallbacks
  readonly #wabaId: string

  constructor(callbacks: FlavourCallbacks, wabaId: string) {
    this.#callbacks = callbacks
    this.#wabaId = wabaId
  }

  inbound(number: BusinessNumber, value: InboundValue): void {
    this.#post('messages', { messaging_product: 'whatsapp', metadata: number.metadata, ...value }, 'messages')
  }

  status(number: BusinessNumber, status: StatusPayload): void {
    this.#post('statuses', { messaging_product: 'whatsapp', metadata: number.metadata, statuses: [status] }, 'messages')
  }

  /**
   * A template status / category / quality change of the shared WABA (§2.7), passed on only while a
   * callback URL is set: it is no event of the channel's own, and held ones would keep `idle()` waiting
   * in sandboxes that never use 360dialog.
   */
  accountChange(field: string, value: object, atMs: number): void {
    if (this.#callbacks.url() === null) return
    const envelope = { object: 'whatsapp_business_account', entry: [{ id: this.#wabaId, time: Math.floor(atMs / 1000), changes: [{ value, field }] }] }
    this.#callbacks.post('templates', metaJson(envelope))
  }

  #post(kind: 'messages' | 'statuses', value: object, field: string): void {
    const envelope = { object: 'whatsapp_business_account', entry: [{ id: this.#wabaId, changes: [{ value, field }] }] }
    this.#callbacks.post(kind, metaJson(envelope))
  }
}
