import { flavourNumberKey, type BusinessNumber } from './business-number.js'
import { DelayQueue } from './delay-queue.js'
import type { FlavourEvents } from './flavours/events.js'
import type { FlavourName, NumberOwner } from './flavours/names.js'
import { SmsCore } from './flavours/sms/sms-core.js'
import { FaultDice } from './faults.js'
import { IdSource } from './ids.js'
import type { SandboxOptions } from './options.js'
import { ServiceAllowance } from './pricing.js'
import { PairRateLimiter, ThroughputLimiter } from './rate-limits.js'
import { newCounters, type Counters } from './stats.js'
import type { ScheduledStatus } from './status-plan.js'
import { TemplateStore } from './template-store.js'
import type { TemplateCatalog, TemplateCategory } from './templates.js'
import { SimulatedUsers } from './users.js'
import type { MessageType } from './validate-send.js'
import { metaSigner, WebhookDelivery } from './webhook-delivery.js'
import { WebhookEmitter } from './webhook-emitter.js'
import { statusPayload, type InboundValue } from './webhook-payloads.js'
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
  /** The business number that sent it: its phone_number_id (a flavour's public id: 360dialog's phone_number_id, Gupshup's digits). */
  phoneNumberId: string
  /** Whose API it was sent through; absent in state files from before flavours, meaning `meta`. */
  provider?: NumberOwner
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

export type { BusinessNumber } from './business-number.js'

/** A business number a flavour owns in the core (see `flavours/flavour.ts`). */
export interface FlavourNumberSpec {
  owner: FlavourName
  /** Its phone_number_id as the flavour's webhooks name it (Gupshup has none: its digits). */
  publicId: string
  /** Digits, no `+`. */
  displayPhoneNumber: string
  mps: number
}

/** Everything the sandbox knows, in memory. Use cases take it as their first argument. */
export class SandboxState {
  readonly options: SandboxOptions
  /** Every business number by its core key (see `BusinessNumber.id`): Meta's and the flavours'. */
  readonly numbers = new Map<string, BusinessNumber>()
  readonly defaultNumber: BusinessNumber
  /** The flavours that translate the core's events for the numbers they own; set by `startSandbox`. */
  readonly flavourEvents = new Map<FlavourName, FlavourEvents>()
  /** Callbacks the flavours have not settled yet (for `outstanding`); set by `startSandbox`. */
  flavourPending: () => number = () => 0
  /** Flavours that pass the WABA's account-level changes (template status, §2.7) on in their own format. */
  readonly accountListeners: Array<(field: string, value: object, atMs: number) => void> = []
  readonly users: SimulatedUsers
  readonly windows = new ServiceWindows()
  readonly throughput = new ThroughputLimiter()
  /** Free-form messages per number and month (the 1 Oct 2026 allowance, docs/platform.md §6.1). */
  readonly serviceAllowance = new ServiceAllowance()
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
  /** SMS recipients, business SMS numbers and delivery receipts, shared by the SMS flavours (docs/platform.md §7.4). */
  readonly sms: SmsCore
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

  constructor(options: SandboxOptions, flavourNumbers: readonly FlavourNumberSpec[] = []) {
    this.options = options
    for (const n of options.phoneNumbers) {
      this.numbers.set(n.id, { id: n.id, owner: 'meta', metadata: Object.freeze({ display_phone_number: n.displayPhoneNumber, phone_number_id: n.id }) })
      this.throughput.setMps(n.id, n.mps)
    }
    for (const n of flavourNumbers) {
      const id = flavourNumberKey(n.owner, n.publicId)
      if (this.numbers.has(id)) throw new Error(`sandbox: the ${n.owner} number ${n.publicId} is owned twice`)
      this.numbers.set(id, { id, owner: n.owner, metadata: Object.freeze({ display_phone_number: n.displayPhoneNumber, phone_number_id: n.publicId }) })
      this.throughput.setMps(id, n.mps)
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
    this.delivery = new WebhookDelivery(metaSigner(options.appSecret), options.webhookRetry, settled, () => this.now())
    this.emitter = new WebhookEmitter(options.wabaId, this.delivery, this.dice, settled)
    this.sms = new SmsCore({ delays: () => this.options.statusDelaysMs, dice: this.dice, now: () => this.now(), onSettled: settled })
    this.statuses = new DelayQueue((s) => {
      const payload = statusPayload(s.message, s.status, s.atMs, s.charged, s.error)
      const number = s.number === undefined ? undefined : this.numbers.get(s.number)
      const flavour = number && number.owner !== 'meta' ? this.flavourEvents.get(number.owner) : undefined
      if (number && flavour) flavour.status(number, payload, s.atMs)
      else this.emitter.postStatus(s.metadata, payload)
      this.touch()
      if (this.statuses.size === 0) this.#checkIdle()
    })
    this.templates = new TemplateStore(
      options,
      (field, value, atMs) => {
        this.emitter.postAccountChange(field, value, atMs)
        for (const listen of this.accountListeners) listen(field, value, atMs)
      },
      settled,
    )
    this.templates.seed(this.now())
    this.catalog = this.templates
    this.delivery.setUrl(options.webhookUrl)
  }

  /** Webhooks scheduled, batched or awaiting (re)delivery (Meta's and the flavours'), and template reviews whose verdict will post one. */
  outstanding(): number {
    return this.statuses.size + this.emitter.batched + this.delivery.pending + this.templates.pendingReviews + this.sms.scheduled + this.flavourPending()
  }

  /** An inbound user message to `number`: a Meta webhook, or its flavour's callback. */
  postInbound(number: BusinessNumber, value: InboundValue, atMs: number): void {
    const flavour = number.owner === 'meta' ? undefined : this.flavourEvents.get(number.owner)
    if (flavour) flavour.inbound(number, value, atMs)
    else this.emitter.postMessages(number.metadata, value)
  }

  /**
   * The business number a caller means by `to`: a Meta phone_number_id, else the digits of any
   * number (Meta's first, so a Meta number configured with a flavour's digits keeps them); null if none.
   */
  numberFor(to: string): BusinessNumber | null {
    const meta = this.numbers.get(to)
    if (meta?.owner === 'meta') return meta
    const digits = to.replace(/[\s+\-().]/g, '')
    let found: BusinessNumber | null = null
    for (const n of this.numbers.values()) {
      if (n.metadata.display_phone_number !== digits) continue
      if (n.owner === 'meta') return n
      found ??= n
    }
    return found
  }

  /** Something settled (a delivery, a review): written soon, and idle waiters checked. */
  settled(): void {
    this.touch()
    this.#checkIdle()
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
    this.serviceAllowance.clear()
    this.throughput.refill()
    this.log = []
    this.readReceipts = []
    this.counters = newCounters()
    this.sms.reset()
    this.#checkIdle()
  }
}
