import type { NotificationCategory } from '../shared/category.js'
import type { Expression } from './expression/ast.js'

/**
 * Notification rules (issue 5), as the core uses them once a rules document is validated
 * (`parseRulesDocument`). The written form is described in README.md beside this file.
 */

/**
 * A business event as the API receives it (snake_case, verbatim): what rule expressions read.
 * `occurred_at` is an ISO 8601 date-time with an offset.
 */
export interface RuleEvent {
  id: string
  type: string
  occurred_at: string
  contact?: Readonly<Record<string, unknown>> | null
  subject?: Readonly<Record<string, unknown>> | null
  data: Readonly<Record<string, unknown>>
}

/** The person a send is planned for: formatters use their zone and language; `recipient.*` reads them. */
export interface RecipientContext {
  /** IANA zone, e.g. `Europe/Istanbul` (the caller applies its default when the contact has none). */
  timezone: string
  /** Template language code, e.g. `tr`, `pt_BR` (formatting uses it as a locale). */
  language: string
  name?: string | null
  external_id?: string | null
  phone?: string | null
}

/** Who a rule notifies: the event's contact, the subject's guardians, the subject's billing contact. */
export const RECIPIENT_KINDS = ['contact', 'guardians', 'billing'] as const
/** One of RECIPIENT_KINDS (`all` in a document means all three). */
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]

/**
 * A span written as `90s`, `10m`, `1h30m`, `2d`. `days` are calendar days in the recipient's
 * zone (so "1d before 15:00" stays 15:00 across a daylight-saving change); `ms` is exact time.
 */
export interface RuleDuration {
  days: number
  ms: number
  /** As written, for messages. */
  text: string
}

/** A parameter's value: an expression and how to turn its result into text, or a fixed text. */
export type ValueSpec = { kind: 'literal'; text: string } | { kind: 'expression'; expression: Expression; format: ValueFormat }

/** How a value becomes template text (see format-value.ts). */
export type ValueFormat =
  | { kind: 'text' }
  | { kind: 'number'; decimals: number | null }
  | { kind: 'date' | 'time' | 'datetime'; style: DateStyle; pattern: string | null }
  | { kind: 'money'; currency: CurrencySource; unit: MoneyUnit; display: CurrencyDisplay }

/** The formatters a value can name. */
export const FORMAT_NAMES = ['text', 'number', 'date', 'time', 'datetime', 'money'] as const
/** One of FORMAT_NAMES. */
export type FormatName = (typeof FORMAT_NAMES)[number]

/** `day` (the default): weekday, day and month, e.g. "2 Mart Pazartesi"; the others are Intl's date styles. */
export const DATE_STYLES = ['day', 'short', 'medium', 'long', 'full'] as const
/** One of DATE_STYLES. */
export type DateStyle = (typeof DATE_STYLES)[number]

/** How an amount is written in the event: `major` 120.5 (the default), `minor` 12050 (cents), `micros` 120500000. */
export const MONEY_UNITS = ['major', 'minor', 'micros'] as const
/** One of MONEY_UNITS. */
export type MoneyUnit = (typeof MONEY_UNITS)[number]

/** How a currency is shown: `€`/`US$` (symbol), `$` (narrow), `EUR` (code), `euros` (name). */
export const CURRENCY_DISPLAYS = ['symbol', 'narrow', 'code', 'name'] as const
/** One of CURRENCY_DISPLAYS. */
export type CurrencyDisplay = (typeof CURRENCY_DISPLAYS)[number]

/** A fixed ISO 4217 code (`EUR`) or an expression giving one (`data.payment.currency`). */
export type CurrencySource = { kind: 'fixed'; code: string } | { kind: 'expression'; expression: Expression }

/** Template values: positional (`{{1}}` first) or named, as in a template send. */
export type ValueMap = { kind: 'positional'; items: ValueSpec[] } | { kind: 'named'; entries: Record<string, ValueSpec> }

/** What a rule sends: a template family (the language is chosen at send time unless fixed). */
export interface RuleSend {
  template: string
  language: string | null
  params: ValueMap
  headerParams: ValueMap | null
  headerMedia: ValueSpec | null
  /** By the button's zero-based position. */
  buttons: Record<string, ValueSpec>
  /** May go as the rendered text in a free-form message while the customer-service window is open. */
  freeForm: boolean
}

/** An instant relative to a date-time the event gives: `{ before: data.lesson.starts_at, by: 1h }`. */
export interface RelativeTime {
  anchor: Expression
  direction: 'before' | 'after'
  by: RuleDuration
}

/** When a rule's message should go. */
export type SendTime = { kind: 'now' } | { kind: 'delay'; delay: RuleDuration } | { kind: 'relative'; time: RelativeTime }

/** When a rule's message stops being useful (it is then suppressed as `expired`). */
export type Expiry = { kind: 'at'; time: RelativeTime } | { kind: 'after_send'; after: RuleDuration }

/**
 * An event that cancels this rule's unsent messages: `lesson.cancelled` whose `cancelEvent` value
 * equals this event's `thisEvent` value (the same path in both, usually).
 */
export interface CancelOn {
  event: string
  thisEvent: Expression
  cancelEvent: Expression
}

/** The reply a rule waits for: button payloads, and/or any text within a time. */
export interface ExpectReply {
  buttons: string[]
  textWithin: RuleDuration | null
}

/**
 * What a rule sends instead where WhatsApp cannot carry it (a number not on WhatsApp, or no WhatsApp
 * sender): an SMS text with the rule's values (`{{time}}`), from a named SMS sender or the first one.
 */
export interface RuleFallback {
  sms: { text: string; from: string | null }
}

/** A validated rule: what fires it, what it sends to whom, when, until when, and what cancels it. */
export interface Rule {
  id: string
  description: string | null
  /** Disabled rules fire no sends but still cancel the messages they scheduled before. */
  enabled: boolean
  /** Event types, exact (`lesson.scheduled`) or by prefix (`lesson.*`, `*`). */
  on: string[]
  when: Expression | null
  send: RuleSend
  category: NotificationCategory
  to: RecipientKind[]
  at: SendTime
  expires: Expiry | null
  cancelOn: CancelOn[]
  /** In quiet hours, send at once if the customer-service window is open rather than wait. */
  sendNowIfWindowOpen: boolean
  /** Send even in quiet hours (a safety notice); rare, and visible in the rule. */
  ignoreQuietHours: boolean
  expectReply: ExpectReply | null
  /** The SMS to send where WhatsApp cannot carry the message; null: none (it is then suppressed). */
  fallback: RuleFallback | null
}

/** An evaluation failure of one rule for one event, naming the rule field and what was wrong. */
export interface RuleEvaluationError {
  ruleId: string
  /** The rule field, as written: `when`, `send.params.time`, `at`, `cancel_on.0`… */
  field: string
  message: string
}
