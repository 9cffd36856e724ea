import type { FaultDice } from './faults.js'
import { metaJson } from './meta-json.js'
import type { StatusPayload } from './webhook-payloads.js'
import type { DeliveryKind, WebhookDelivery } from './webhook-delivery.js'

/**
 * Wraps webhook values in Meta's envelope (docs/platform.md §2.3), serialises them like Meta (§2.2) and
 * hands them to delivery. Account-level changes (template status, category and quality, §2.7) carry
 * the entry's `time` and their own `field`. Statuses can be batched (`faults.batchWindowMs`): everything produced in
 * one window goes out in as few POSTs as possible, one `change` per business number, at most
 * 1,000 statuses per POST (§2.6).
 */

export interface NumberMetadata {
  readonly display_phone_number: string
  readonly phone_number_id: string
}

const MAX_PER_POST = 1000

export class WebhookEmitter {
  readonly #wabaId: string
  readonly #delivery: WebhookDelivery
  readonly #dice: FaultDice
  readonly #onSettled: () => void
  /** Statuses waiting for the batch window, per business number. */
  #batch = new Map<NumberMetadata, StatusPayload[]>()
  #batched = 0
  #batchTimer: NodeJS.Timeout | null = null
  #duplicated = 0

  constructor(wabaId: string, delivery: WebhookDelivery, dice: FaultDice, onSettled: () => void) {
    this.#wabaId = wabaId
    this.#delivery = delivery
    this.#dice = dice
    this.#onSettled = onSettled
  }

  /** Statuses held for the batch window. */
  get batched(): number {
    return this.#batched
  }

  /** Bodies posted twice by the duplicate fault since the last reset. */
  get duplicated(): number {
    return this.#duplicated
  }

  resetCounters(): void {
    this.#duplicated = 0
  }

  /** An inbound message (with its `contacts`), posted at once. */
  postMessages(metadata: NumberMetadata, value: { contacts: unknown[]; messages: unknown[] }): void {
    this.#post('messages', [{ metadata, value: { messaging_product: 'whatsapp', metadata, ...value } }])
  }

  postStatus(metadata: NumberMetadata, status: StatusPayload): void {
    const window = this.#dice.faults.batchWindowMs
    if (window <= 0) {
      this.#post('statuses', [{ metadata, value: { messaging_product: 'whatsapp', metadata, statuses: [status] } }])
      return
    }
    const list = this.#batch.get(metadata)
    if (list) list.push(status)
    else this.#batch.set(metadata, [status])
    this.#batched++
    this.#batchTimer ??= setTimeout(() => this.flush(), window)
  }

  /** Posts every batched status now. */
  flush(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer)
    this.#batchTimer = null
    let changes: Array<{ metadata: NumberMetadata; value: object }> = []
    let inPost = 0
    for (const [metadata, statuses] of this.#batch) {
      let i = 0
      while (i < statuses.length) {
        const take = Math.min(statuses.length - i, MAX_PER_POST - inPost)
        const chunk = take === statuses.length ? statuses : statuses.slice(i, i + take)
        changes.push({ metadata, value: { messaging_product: 'whatsapp', metadata, statuses: chunk } })
        inPost += take
        i += take
        if (inPost >= MAX_PER_POST) {
          this.#post('statuses', changes)
          changes = []
          inPost = 0
        }
      }
    }
    if (changes.length > 0) this.#post('statuses', changes)
    this.#batch = new Map()
    this.#batched = 0
    this.#onSettled()
  }

  /** A WABA-level change such as `message_template_status_update` (§2.7), posted at once, never batched. */
  postAccountChange(field: string, value: object, atMs: number): void {
    const envelope = {
      object: 'whatsapp_business_account',
      entry: [{ id: this.#wabaId, time: Math.floor(atMs / 1000), changes: [{ value, field }] }],
    }
    this.#deliver('templates', envelope)
  }

  /** Forgets batched statuses without posting them. */
  cancel(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer)
    this.#batchTimer = null
    this.#batch = new Map()
    this.#batched = 0
  }

  #post(kind: 'messages' | 'statuses', changes: Array<{ metadata: NumberMetadata; value: object }>): void {
    const envelope = {
      object: 'whatsapp_business_account',
      // One WABA, so one entry; Meta writes `value` before `field`.
      entry: [{ id: this.#wabaId, changes: changes.map((c) => ({ value: c.value, field: 'messages' })) }],
    }
    this.#deliver(kind, envelope)
  }

  #deliver(kind: DeliveryKind, envelope: object): void {
    const twice = this.#dice.chance(this.#dice.faults.duplicateWebhookRate)
    if (twice) this.#duplicated++
    this.#delivery.send(kind, metaJson(envelope), twice ? 2 : 1)
  }
}
