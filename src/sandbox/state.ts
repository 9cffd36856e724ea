import { DelayQueue } from './delay-queue.js'
import { FaultDice } from './faults.js'
import { IdSource } from './ids.js'
import type { SandboxOptions } from './options.js'
import { PairRateLimiter, ThroughputLimiter } from './rate-limits.js'
import { newCounters, type Counters } from './stats.js'
import type { ScheduledStatus } from './status-plan.js'
import { TemplateStore } from './template-store.js'
import type { TemplateCatalog, TemplateCategory } from './templates.js'
import { SimulatedUsers } from './users.js'
import type { MessageType } from './validate-send.js'
import { WebhookDelivery } from './webhook-delivery.js'
import { WebhookEmitter, type NumberMetadata } from './webhook-emitter.js'
import { statusPayload } from './webhook-payloads.js'
import { ServiceWindows } from './windows.js'

/** A read receipt the business sent (docs/platform.md §1.9), as `readReceipts()` and `GET /sandbox/read-receipts` list it. */
export interface ReadReceipt {
  /** The business number that sent it. */
  phoneNumberId: string
  /** The user's message it marks read (and every earlier one). */
  messageId: string
  /** Whether it asked for the typing indicator. */
  typing: boolean
  /** Unix milliseconds. */
  at: number
}

/** One message the sandbox answered with a wamid, as `accepted()` and `GET /sandbox/messages` list it. */
export interface AcceptedMessage {
  wamid: string
  /** The business number that sent it. */
  phoneNumberId: string
  /** The recipient as addressed: the digits of `to` (no `+`), or the `recipient` BSUID. */
  to: string
  /** The wa_id answered in `contacts` (differs from `to` for e.g. Brazilian numbers, docs/platform.md §1.10); null for BSUID/unknown ids. */
  waId: string | null
  type: MessageType
  bizOpaqueCallbackData: string | null
  /** Unix milliseconds. */
  acceptedAt: number
  /** The type-specific object as sent (`{body}` for text, the template object, …). */
  content: unknown
  template: { name: string; language: string; category: TemplateCategory } | null
  /** Error code of the `failed` webhook this message gets (131026, 131047, 131049), or null. */
  failsWith: number | null
}

export interface BusinessNumber {
  id: string
  metadata: NumberMetadata
}

/** Everything the sandbox knows, in memory. Use cases take it as their first argument. */
export class SandboxState {
  readonly options: SandboxOptions
  readonly numbers = new Map<string, BusinessNumber>()
  readonly defaultNumber: BusinessNumber
  readonly users: SimulatedUsers
  readonly windows = new ServiceWindows()
  readonly throughput = new ThroughputLimiter()
  readonly pairs: PairRateLimiter
  readonly ids = new IdSource()
  /** The WABA's message templates (platform doc §3), which also decide template sends. */
  readonly templates: TemplateStore
  /** Where template sends are checked: the template store. */
  readonly catalog: TemplateCatalog
  readonly dice: FaultDice
  readonly delivery: WebhookDelivery
  readonly emitter: WebhookEmitter
  readonly statuses: DelayQueue<ScheduledStatus>
  log: AcceptedMessage[] = []
  readReceipts: ReadReceipt[] = []
  counters: Counters = newCounters()
  /** Called after anything that changes what the state file keeps (see `touch`); null without a file. */
  onChange: (() => void) | null = null
  readonly #idleWaiters = new Set<() => void>()

  /** Marks the state as changed, so that a state file (if any) is written soon. */
  touch(): void {
    this.onChange?.()
  }

  /** The current time as the sandbox sees it (see `SandboxOptions.now`). */
  now(): number {
    return this.options.now ? this.options.now() : Date.now()
  }

  constructor(options: SandboxOptions) {
    this.options = options
    for (const n of options.phoneNumbers) {
      this.numbers.set(n.id, { id: n.id, metadata: Object.freeze({ display_phone_number: n.displayPhoneNumber, phone_number_id: n.id }) })
      this.throughput.setMps(n.id, n.mps)
    }
    this.defaultNumber = this.numbers.get(options.phoneNumbers[0]!.id)!
    this.users = new SimulatedUsers(options.undeliverableSuffix)
    this.pairs = new PairRateLimiter(options.pairRate.burst, options.pairRate.refillEverySeconds)
    // The sandbox is an edge: fault injection defaults to real randomness; tests inject `random`.
    this.dice = new FaultDice(() => this.options.faults, options.random ?? Math.random)
    const settled = () => {
      this.touch()
      this.#checkIdle()
    }
    this.delivery = new WebhookDelivery(options.appSecret, options.webhookRetry, settled, () => this.now())
    this.emitter = new WebhookEmitter(options.wabaId, this.delivery, this.dice, settled)
    this.statuses = new DelayQueue((s) => {
      this.emitter.postStatus(s.metadata, statusPayload(s.message, s.status, s.atMs, s.charged, s.error))
      this.touch()
      if (this.statuses.size === 0) this.#checkIdle()
    })
    this.templates = new TemplateStore(options, (field, value, atMs) => this.emitter.postAccountChange(field, value, atMs), settled)
    this.templates.seed(this.now())
    this.catalog = this.templates
    this.delivery.setUrl(options.webhookUrl)
  }

  /** Webhooks scheduled, batched or awaiting (re)delivery, and template reviews whose verdict will post one. */
  outstanding(): number {
    return this.statuses.size + this.emitter.batched + this.delivery.pending + this.templates.pendingReviews
  }

  /** Resolves when nothing is outstanding. */
  whenIdle(): { promise: Promise<void>; cancel: () => void } {
    let waiter: () => void = () => undefined
    const promise = new Promise<void>((resolve) => {
      waiter = resolve
      if (this.outstanding() === 0) resolve()
      else this.#idleWaiters.add(resolve)
    })
    return { promise, cancel: () => this.#idleWaiters.delete(waiter) }
  }

  #checkIdle(): void {
    if (this.#idleWaiters.size === 0 || this.outstanding() > 0) return
    const waiters = [...this.#idleWaiters]
    this.#idleWaiters.clear()
    for (const w of waiters) w()
  }

  /** Forgets users, windows, accepted messages and counters; cancels pending webhooks and reviews; re-seeds the templates. Keeps options and faults. */
  reset(): void {
    this.statuses.clear()
    this.templates.seed(this.now())
    this.emitter.cancel()
    this.emitter.resetCounters()
    this.delivery.cancelAll()
    this.delivery.resetCounters()
    this.users.clear()
    this.windows.clear()
    this.pairs.clear()
    this.throughput.refill()
    this.log = []
    this.readReceipts = []
    this.counters = newCounters()
    this.#checkIdle()
  }
}
