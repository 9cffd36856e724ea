import { DateTime } from 'luxon'
import { isTimeZone } from '../shared/time-zone.js'
import type { TemplateParams } from '../messages/content.js'
import type { NotificationCategory } from '../shared/category.js'
import type { Instant } from '../shared/time.js'
import type { TemplateRequest } from '../templates/resolve-template.js'
import { pendingCancelKeys } from './cancel-keys.js'
import { durationMs, shiftInstant } from './duration.js'
import { evaluateExpression, type Scope } from './expression/evaluate-expression.js'
import { describeType, instantOf, isCalendarDate, show } from './expression/values.js'
import { formatValue, toLocale } from './format-value.js'
import type { RecipientContext, RecipientKind, RelativeTime, Rule, RuleEvaluationError, RuleEvent, ValueMap, ValueSpec } from './model.js'
import { scopeOf } from './scope.js'
import { renderSmsText } from './sms-fallback-text.js'

/** Everything needed to queue one rule's message for one recipient. */
export interface RuleSendPlan {
  ruleId: string
  eventId: string
  /** The template family and its rendered values; the language is left to the send unless the rule fixes it. */
  template: TemplateRequest
  category: NotificationCategory
  recipients: RecipientKind[]
  /**
   * When the rule wants it sent: now, after the delay, or relative to a date-time of the event;
   * never before `now` (quiet hours and caps may move it later: that is policy's call).
   */
  desiredAt: Instant
  /** The time asked for had already passed (e.g. a lesson booked 30 minutes before its 1-hour reminder). */
  late: boolean
  /** After this the message is useless and is suppressed as `expired`; null when it never expires. */
  expiresAt: Instant | null
  /** Unsent, the message is cancelled by an event giving any of these keys (see cancel-keys.ts). */
  cancelKeys: string[]
  freeForm: boolean
  sendNowIfWindowOpen: boolean
  ignoreQuietHours: boolean
  expectReply: { buttons?: string[]; textWithinMs?: number } | null
  /** The rule's SMS fallback with this recipient's values filled in; null when the rule has none. */
  smsFallback: { text: string; from: string | null } | null
}

/** A plan, or every evaluation problem of the rule for this event and recipient. */
export type RuleSendPlanResult = { ok: true; plan: RuleSendPlan } | { ok: false; errors: RuleEvaluationError[] }

/**
 * Plans the message a fired rule sends to one recipient: renders the template values (dates and
 * money in the recipient's zone and language), works out when to send and until when it is worth
 * sending, and the keys that cancel it. `now` defaults to the event's `occurred_at`, which makes
 * replays plan the same. Every problem is reported, each naming the rule field it comes from.
 */
export function planRuleSend(match: { rule: Rule }, event: RuleEvent, recipient: RecipientContext, now?: Instant): RuleSendPlanResult {
  const { rule } = match
  const errors: RuleEvaluationError[] = []
  const fail = (field: string, message: string) => void errors.push({ ruleId: rule.id, field, message })
  const occurredAt = instantOf(event.occurred_at)
  if (occurredAt === null) fail('occurred_at', `the event's occurred_at ${show(event.occurred_at)} is not a date-time with an offset`)
  if (!isTimeZone(recipient.timezone)) fail('recipient.timezone', `"${recipient.timezone}" is not a time zone (IANA, e.g. Europe/Istanbul)`)
  if (toLocale(recipient.language) === null) fail('recipient.language', `"${recipient.language}" is not a language code`)
  if (errors.length > 0) return { ok: false, errors }
  const current = now ?? occurredAt!
  const scope = scopeOf(event, recipient)
  const zone = recipient.timezone

  const value = (spec: ValueSpec, field: string): string | null => {
    const text = renderValue(spec, scope, recipient)
    if (text.ok) return text.text
    fail(field, text.message)
    return null
  }
  const template: TemplateRequest = { name: rule.send.template, params: renderMap(rule.send.params, 'send.params', value) }
  if (rule.send.language !== null) template.language = rule.send.language
  if (rule.send.headerParams !== null) template.headerParams = renderMap(rule.send.headerParams, 'send.header_params', value)
  if (rule.send.headerMedia !== null) template.headerMedia = value(rule.send.headerMedia, 'send.header_media') ?? ''
  const buttons = Object.entries(rule.send.buttons).map(([index, spec]) => [index, value(spec, `send.buttons.${index}`) ?? ''] as const)
  if (buttons.length > 0) template.buttons = Object.fromEntries(buttons)

  const at = (time: RelativeTime, field: string): Instant | null => {
    const result = instantFor(time, scope, zone)
    if (typeof result === 'string') fail(field, result)
    return typeof result === 'string' ? null : result
  }
  let wanted: Instant | null = current
  if (rule.at.kind === 'delay') wanted = shiftInstant(occurredAt!, 'after', rule.at.delay, zone)
  else if (rule.at.kind === 'relative') wanted = at(rule.at.time, 'at')
  const desiredAt = wanted === null ? current : Math.max(wanted, current)
  let expiresAt: Instant | null = null
  if (rule.expires?.kind === 'at') expiresAt = at(rule.expires.time, 'expires')
  else if (rule.expires?.kind === 'after_send') expiresAt = shiftInstant(desiredAt, 'after', rule.expires.after, zone)

  const cancel = pendingCancelKeys(rule, event)
  errors.push(...cancel.errors)
  if (errors.length > 0) return { ok: false, errors }

  const reply = rule.expectReply
  return {
    ok: true,
    plan: {
      ruleId: rule.id,
      eventId: event.id,
      template,
      category: rule.category,
      recipients: [...rule.to],
      desiredAt,
      late: wanted !== null && wanted < current,
      expiresAt,
      cancelKeys: cancel.keys,
      freeForm: rule.send.freeForm,
      sendNowIfWindowOpen: rule.sendNowIfWindowOpen,
      ignoreQuietHours: rule.ignoreQuietHours,
      expectReply: reply
        ? { ...(reply.buttons.length > 0 ? { buttons: [...reply.buttons] } : {}), ...(reply.textWithin ? { textWithinMs: durationMs(reply.textWithin) } : {}) }
        : null,
      smsFallback: rule.fallback ? { text: renderSmsText(rule.fallback.sms.text, template.params), from: rule.fallback.sms.from } : null,
    },
  }
}

function renderMap(map: ValueMap, field: string, value: (spec: ValueSpec, field: string) => string | null): TemplateParams {
  if (map.kind === 'positional') return map.items.map((spec, i) => value(spec, `${field}.${i}`) ?? '')
  return Object.fromEntries(Object.entries(map.entries).map(([name, spec]) => [name, value(spec, `${field}.${name}`) ?? '']))
}

/** One template value as text: evaluated, then formatted for the recipient. */
function renderValue(spec: ValueSpec, scope: Scope, recipient: RecipientContext): { ok: true; text: string } | { ok: false; message: string } {
  if (spec.kind === 'literal') return { ok: true, text: spec.text }
  const result = evaluateExpression(spec.expression, scope)
  if (!result.ok) return result
  const format = spec.format
  let currency: string | undefined
  if (format.kind === 'money') {
    if (format.currency.kind === 'fixed') currency = format.currency.code
    else {
      const code = evaluateExpression(format.currency.expression, scope)
      if (!code.ok) return { ok: false, message: `currency: ${code.message}` }
      if (typeof code.value !== 'string' || !/^[A-Za-z]{3}$/.test(code.value)) {
        return { ok: false, message: `currency: ${format.currency.expression.source} is ${describeType(code.value)} ${show(code.value)}, not a currency code like EUR` }
      }
      currency = code.value.toUpperCase()
    }
  }
  const text = formatValue(result.value, format, { timezone: recipient.timezone, language: recipient.language, ...(currency ? { currency } : {}) })
  return text.ok ? text : { ok: false, message: `${spec.expression.source}: ${text.message}` }
}

/** The instant of `{ before|after: <date-time>, by }`; a plain date means its midnight in the recipient's zone. A string is the error. */
function instantFor(time: RelativeTime, scope: Scope, zone: string): Instant | string {
  const result = evaluateExpression(time.anchor, scope)
  if (!result.ok) return result.message
  let anchor = instantOf(result.value)
  if (anchor === null && isCalendarDate(result.value)) anchor = DateTime.fromISO(result.value, { zone }).toMillis()
  if (anchor === null) return `${time.anchor.source} is ${describeType(result.value)} ${show(result.value)}, not a date-time with an offset (e.g. 2026-11-25T19:30:00Z)`
  return shiftInstant(anchor, time.direction, time.by, zone) ?? `"${zone}" is not a time zone`
}
