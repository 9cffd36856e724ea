import { DelayQueue } from '../../delay-queue.js'
import type { FaultDice } from '../../faults.js'
import { smsKeyword, type SmsKeyword } from './sms-keywords.js'
import { countSegments, type SmsEncoding } from './sms-segments.js'
import { SmsUsers } from './sms-users.js'

/**
 * The SMS side of the sandbox, shared by the SMS flavours (Twilio SMS, the generic HTTP gateway):
 * simulated recipients who are reachable or not, no service window and no templates
 * (docs/platform.md §7.4). An accepted text gets delivery receipts at the sandbox's status delays —
 * `sent`, then `delivered`, or `undeliverable` for a recipient who cannot be reached — and the
 * `skipDeliveredRate` fault drops the `delivered`, as a carrier that sends no receipt would. A
 * business number whose provider keeps a STOP block list refuses sends to a user who replied STOP
 * until they reply START. Each flavour turns receipts and inbound texts into its own wire format.
 */

/** A business number that sends SMS, and whether its provider blocks users who replied STOP. */
export interface SmsNumber {
  /** E.164 digits, no `+`. */
  digits: string
  blocksOptedOut: boolean
}

export interface SmsMessage {
  /** The flavour's id for it (Twilio `SM…`, the gateway's own). */
  id: string
  /** Business number digits. */
  from: string
  /** Recipient digits. */
  to: string
  text: string
  /** The sender's own reference for it, echoed in receipts by providers that take one (the generic gateway); null: none. */
  reference: string | null
  encoding: SmsEncoding
  segments: number
  /** Unix milliseconds. */
  acceptedAt: number
  /** Whether the recipient can be reached; decided at acceptance, reported by the receipts. */
  fate: 'deliver' | 'unreachable'
}

export type SmsReceiptStatus = 'sent' | 'delivered' | 'undeliverable'

export interface SmsReceipt {
  message: SmsMessage
  status: SmsReceiptStatus
  /** When it "happened": acceptance plus its nominal delay. */
  atMs: number
}

export type SmsAcceptance = { ok: true; message: SmsMessage } | { ok: false; refusal: 'opted_out' }

export interface SmsInbound {
  /** The user's digits. */
  from: string
  /** The business number's digits. */
  to: string
  text: string
  atMs: number
  /** The keyword the text is, if any; a STOP or START has already changed the block list where the number keeps one. */
  keyword: SmsKeyword | null
}

export interface SmsCounters {
  accepted: number
  undeliverable: number
  refusedOptedOut: number
  inbound: number
}

export interface SmsCoreDeps {
  delays: () => { sent: number; delivered: number }
  dice: FaultDice
  now: () => number
  /** Called after each receipt has been handed to its number's sink (for idle waiters). */
  onSettled: () => void
}

/** Where a number's flavour takes its receipts and inbound texts, in its own wire format. */
export interface SmsSinks {
  receipt(receipt: SmsReceipt): void
  /** Posts the inbound text; returns the id the flavour gave it. */
  inbound(text: SmsInbound): string
}

// As the Meta log (state.ts): enough for tests and a demo, bounded for long runs.
const LOG_LIMIT = 1000

export class SmsCore {
  readonly users = new SmsUsers()
  readonly #numbers = new Map<string, { number: SmsNumber; sinks: SmsSinks }>()
  readonly #deps: SmsCoreDeps
  readonly #receipts: DelayQueue<SmsReceipt>
  #log: SmsMessage[] = []
  counters: SmsCounters = newCounters()

  constructor(deps: SmsCoreDeps) {
    this.#deps = deps
    this.#receipts = new DelayQueue((r) => {
      this.#numbers.get(r.message.from)?.sinks.receipt(r)
      deps.onSettled()
    })
  }

  /** Makes `number` an SMS business number whose receipts and inbound texts go to `sinks`. */
  addNumber(number: SmsNumber, sinks: SmsSinks): void {
    if (this.#numbers.has(number.digits)) throw new Error(`sandbox SMS number ${number.digits} is registered twice`)
    this.#numbers.set(number.digits, { number, sinks })
  }

  has(digits: string): boolean {
    return this.#numbers.has(digits)
  }

  /** The business SMS numbers' digits. */
  numbers(): string[] {
    return [...this.#numbers.keys()]
  }

  /** Receipts not yet handed out. */
  get scheduled(): number {
    return this.#receipts.size
  }

  /** Accepts a text from a registered business number, or refuses it for a user blocked by STOP; schedules its receipts. */
  accept(send: { id: string; from: string; to: string; text: string; reference?: string | null }): SmsAcceptance {
    const entry = this.#numbers.get(send.from)
    if (!entry) throw new Error(`sandbox SMS: ${send.from} is no SMS business number`)
    if (entry.number.blocksOptedOut && this.users.optedOut(send.from, send.to)) {
      this.counters.refusedOptedOut++
      return { ok: false, refusal: 'opted_out' }
    }
    const now = this.#deps.now()
    const { encoding, segments } = countSegments(send.text)
    const fate = this.users.resolve(send.to).reachable ? 'deliver' : 'unreachable'
    const message: SmsMessage = { ...send, reference: send.reference ?? null, encoding, segments, acceptedAt: now, fate }
    this.#log.push(message)
    if (this.#log.length > LOG_LIMIT) this.#log = this.#log.slice(-LOG_LIMIT)
    this.counters.accepted++
    if (message.fate === 'unreachable') this.counters.undeliverable++
    this.#plan(message, now)
    return { ok: true, message }
  }

  /**
   * A user texts a business number: the block list follows STOP / START where the number keeps one,
   * and the number's flavour posts the text (keywords too, as Twilio passes them on); returns its id.
   */
  inbound(text: { from: string; to: string; text: string; atMs?: number }): string {
    const entry = this.#numbers.get(text.to)
    if (!entry) throw new Error(`sandbox SMS: ${text.to} is no SMS business number`)
    const keyword = smsKeyword(text.text)
    if (entry.number.blocksOptedOut && (keyword === 'stop' || keyword === 'start')) this.users.setOptedOut(text.to, text.from, keyword === 'stop')
    this.counters.inbound++
    return entry.sinks.inbound({ from: text.from, to: text.to, text: text.text, atMs: text.atMs ?? this.#deps.now(), keyword })
  }

  /** Every accepted text, oldest first (the last 1,000). */
  accepted(): SmsMessage[] {
    return this.#log.slice()
  }

  /** Forgets users, block lists, texts, counters and pending receipts; keeps the numbers. */
  reset(): void {
    this.#receipts.clear()
    this.users.clear()
    this.#log = []
    this.counters = newCounters()
  }

  /** Drops pending receipts (the sandbox is closing). */
  close(): void {
    this.#receipts.clear()
  }

  #plan(message: SmsMessage, now: number): void {
    const delays = this.#deps.delays()
    const sentAt = delays.sent
    const finalAt = Math.max(sentAt, delays.delivered)
    this.#receipts.push(sentAt, { message, status: 'sent', atMs: now + sentAt })
    if (message.fate === 'unreachable') {
      this.#receipts.push(finalAt, { message, status: 'undeliverable', atMs: now + finalAt })
      return
    }
    const dice = this.#deps.dice
    if (!dice.chance(dice.faults.skipDeliveredRate)) this.#receipts.push(finalAt, { message, status: 'delivered', atMs: now + finalAt })
  }
}

function newCounters(): SmsCounters {
  return { accepted: 0, undeliverable: 0, refusedOptedOut: 0, inbound: 0 }
}
