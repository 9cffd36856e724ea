import { z } from 'zod'
import { looksLikeDuration, parseDuration } from './duration.js'
import { EVENT_ROOTS, SEND_ROOTS, type Expression, type Root } from './expression/ast.js'
import { parseExpression } from './expression/parse-expression.js'
import { instantOf, isCalendarDate } from './expression/values.js'
import { closest } from './closest.js'
import {
  CURRENCY_DISPLAYS,
  DATE_STYLES,
  FORMAT_NAMES,
  MONEY_UNITS,
  RECIPIENT_KINDS,
  type CancelOn,
  type Expiry,
  type RecipientKind,
  type RelativeTime,
  type Rule,
  type SendTime,
  type ValueFormat,
  type ValueMap,
  type ValueSpec,
} from './model.js'

/**
 * The written form of a rules document (YAML or JSON; see README.md): snake_case, with
 * shorthands (`on: one.type`, `to: guardians`, a param as a bare path). Validation parses every
 * expression and duration, so a document that passes can be evaluated without syntax surprises.
 */

/** One of a closed list, with a did-you-mean for typos. */
function oneOf<const T extends string>(values: readonly T[], what: string) {
  return z.string().transform((value, ctx): T => {
    if ((values as readonly string[]).includes(value)) return value as T
    const guess = closest(value, values)
    ctx.addIssue({ code: 'custom', message: `unknown ${what} "${value}"${guess ? ` (did you mean "${guess}"?)` : ''}: one of ${values.join(', ')}` })
    return z.NEVER
  })
}

function expression(roots: readonly Root[]) {
  return z.string().transform((source, ctx): Expression => {
    const parsed = parseExpression(source, { roots })
    if (parsed.ok) return parsed.expression
    ctx.addIssue({ code: 'custom', message: parsed.message })
    return z.NEVER
  })
}

const whenExpression = expression(EVENT_ROOTS)
const sendExpression = expression(SEND_ROOTS)

const duration = z.string({ error: 'a duration like 90s, 10m, 1h30m or 2d' }).transform((text, ctx) => {
  const parsed = parseDuration(text)
  if (parsed) return parsed
  ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: write e.g. 90s, 10m, 1h30m, 2d or 1w` })
  return z.NEVER
})

const eventType = z
  .string({ error: 'an event type like lesson.scheduled' })
  .regex(/^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/, 'an event type like lesson.scheduled (or lesson.* for every lesson event, * for all)')

const exactEventType = z.string({ error: 'an event type like lesson.cancelled' }).regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'an event type like lesson.cancelled')

/** A path (or `a ?? b` of paths): cancel keys are built from what it reads. */
const matchPath = z.string().transform((source, ctx): Expression => {
  const parsed = parseExpression(source, { roots: EVENT_ROOTS })
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
  else if (parsed.expression.root.kind !== 'path') ctx.addIssue({ code: 'custom', message: 'match takes a path, e.g. data.lesson.id' })
  else return parsed.expression
  return z.NEVER
})

// ---- values ----

const formatFields = {
  format: oneOf(FORMAT_NAMES, 'format').optional(),
  style: oneOf(DATE_STYLES, 'style').optional(),
  pattern: z.string().min(1).optional(),
  decimals: z.number().int().min(0).max(20).optional(),
  currency: z.string().min(1).optional(),
  unit: oneOf(MONEY_UNITS, 'unit').optional(),
  display: oneOf(CURRENCY_DISPLAYS, 'currency display').optional(),
}

const OPTIONS_OF: Record<string, ReadonlyArray<keyof typeof formatFields>> = {
  text: [],
  number: ['decimals'],
  date: ['style', 'pattern'],
  time: ['style', 'pattern'],
  datetime: ['style', 'pattern'],
  money: ['currency', 'unit', 'display'],
}

const valueObject = z
  .object({ from: sendExpression.optional(), literal: z.union([z.string(), z.number(), z.boolean()]).optional(), ...formatFields })
  .strict()
  .transform((v, ctx): ValueSpec => {
    if ((v.from === undefined) === (v.literal === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either from: (a path or expression) or literal: (fixed text)' })
      return z.NEVER
    }
    const format = v.format ?? 'text'
    const allowed = v.literal === undefined ? OPTIONS_OF[format]! : []
    for (const key of ['style', 'pattern', 'decimals', 'currency', 'unit', 'display'] as const) {
      if (v[key] !== undefined && !allowed.includes(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: v.literal !== undefined ? `${key} applies to from:, not to a literal` : `${key} does not apply to format ${format}` })
      }
    }
    if (v.style !== undefined && v.pattern !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'give style or pattern, not both' })
    if (format === 'time' && v.style === 'day') ctx.addIssue({ code: 'custom', path: ['style'], message: 'a time has no "day" style: short, medium, long or full' })
    if (format === 'money' && v.currency === undefined) ctx.addIssue({ code: 'custom', message: 'money needs a currency: a code like EUR or a path like data.payment.currency' })
    let currency: Extract<ValueFormat, { kind: 'money' }>['currency'] = { kind: 'fixed', code: '' }
    if (v.currency !== undefined) {
      if (/^[A-Z]{3}$/.test(v.currency)) currency = { kind: 'fixed', code: v.currency }
      else {
        const parsed = parseExpression(v.currency, { roots: SEND_ROOTS })
        if (parsed.ok) currency = { kind: 'expression', expression: parsed.expression }
        else ctx.addIssue({ code: 'custom', path: ['currency'], message: `a currency code like EUR or a path: ${parsed.message}` })
      }
    }
    if (v.literal !== undefined) return { kind: 'literal', text: String(v.literal) }
    const spec = toFormat(format, v, currency)
    return { kind: 'expression', expression: v.from!, format: spec }
  })

function toFormat(format: (typeof FORMAT_NAMES)[number], v: { style?: (typeof DATE_STYLES)[number]; pattern?: string; decimals?: number; unit?: (typeof MONEY_UNITS)[number]; display?: (typeof CURRENCY_DISPLAYS)[number] }, currency: Extract<ValueFormat, { kind: 'money' }>['currency']): ValueFormat {
  switch (format) {
    case 'text':
      return { kind: 'text' }
    case 'number':
      return { kind: 'number', decimals: v.decimals ?? null }
    case 'money':
      return { kind: 'money', currency, unit: v.unit ?? 'major', display: v.display ?? 'symbol' }
    default:
      return { kind: format, style: v.style ?? (format === 'time' ? 'short' : 'day'), pattern: v.pattern ?? null }
  }
}

/** A param: a path or expression (`data.student.first_name`), a number/boolean/`{ literal }`, or `{ from, format, … }`. */
const value = z.union(
  [
    sendExpression.transform((e): ValueSpec => ({ kind: 'expression', expression: e, format: { kind: 'text' } })),
    z.union([z.number(), z.boolean()]).transform((v): ValueSpec => ({ kind: 'literal', text: String(v) })),
    valueObject,
  ],
  { error: 'a path like data.student.first_name, a number, or { from: …, format: … } / { literal: … }' },
)

const valueMap = z.union(
  [
    z.array(value).transform((items): ValueMap => ({ kind: 'positional', items })),
    z.record(z.string().regex(/^[a-z_][a-z0-9_]*$|^[1-9]\d*$/, 'a template variable name like child_name'), value).transform((entries): ValueMap => ({ kind: 'named', entries })),
  ],
  { error: 'a map of variable → value ({ child_name: data.student.first_name }) or a list for {{1}}, {{2}}…' },
)

const send = z
  .object({
    template: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name: lower-case letters, digits and _'),
    language: z.string().min(2).max(16).optional(),
    params: valueMap.optional(),
    header_params: valueMap.optional(),
    header_media: value.optional(),
    buttons: z.record(z.string().regex(/^\d+$/, "a button's position: 0, 1, 2…"), value).optional(),
    free_form: z.boolean().default(false),
  })
  .strict()

// ---- times ----

const ZERO = { days: 0, ms: 0, text: '0s' }

/** What validation can know of a time's anchor: a literal must be a date; a comparison never is one. */
function checkAnchor(anchor: Expression, ctx: z.RefinementCtx, name: string, path: string[] = []): void {
  const root = anchor.root
  if (root.kind === 'literal' && !(instantOf(root.value) !== null || isCalendarDate(root.value))) {
    ctx.addIssue({ code: 'custom', path, message: `${JSON.stringify(root.value)} is not a date-time with an offset: ${name} needs one, e.g. data.lesson.starts_at` })
  }
  if (root.kind === 'list' || root.kind === 'compare' || root.kind === 'logical' || root.kind === 'not' || root.kind === 'in' || root.kind === 'exists') {
    ctx.addIssue({ code: 'custom', path, message: `${name} needs a date-time, e.g. data.lesson.starts_at; this expression gives true/false or a list` })
  }
}

const relativeObject = z
  .object({ before: sendExpression.optional(), after: sendExpression.optional(), by: duration.optional() })
  .strict()
  .transform((v, ctx): RelativeTime => {
    if ((v.before === undefined) === (v.after === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give before: or after: (a date-time path), with by: (a duration)' })
      return z.NEVER
    }
    const direction = v.before !== undefined ? 'before' : 'after'
    checkAnchor((v.before ?? v.after)!, ctx, direction, [direction])
    return { anchor: (v.before ?? v.after)!, direction, by: v.by ?? { days: 0, ms: 0, text: '0s' } }
  })

/** `at: data.x` (exactly then) or `at: { before|after: data.x, by: 1h }`. */
const relativeTime = z.union(
  [
    sendExpression.transform((anchor, ctx): RelativeTime => {
      checkAnchor(anchor, ctx, 'at')
      return { anchor, direction: 'after', by: ZERO }
    }),
    relativeObject,
  ],
  { error: 'a date-time path (data.lesson.starts_at) or { before: data.lesson.starts_at, by: 1h }' },
)

/** `expires: 6h` (after the planned send), `expires: data.x`, or `{ before|after: data.x, by }`. */
const expiry = z.union(
  [
    z.string().transform((text, ctx): Expiry => {
      // A duration starts with a digit; an expression never does.
      if (looksLikeDuration(text)) {
        const after = parseDuration(text)
        if (after) return { kind: 'after_send', after }
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: write e.g. 6h, 90m or 2d` })
        return z.NEVER
      }
      const parsed = parseExpression(text, { roots: SEND_ROOTS })
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message })
        return z.NEVER
      }
      checkAnchor(parsed.expression, ctx, 'expires')
      return { kind: 'at', time: { anchor: parsed.expression, direction: 'after', by: ZERO } }
    }),
    relativeObject.transform((time): Expiry => ({ kind: 'at', time })),
  ],
  { error: 'a duration after sending (6h), a date-time path (data.lesson.starts_at) or { after: data.lesson.starts_at, by: 15m }' },
)

// ---- the rule ----

const cancelOn = z
  .object({
    event: exactEventType,
    match: z.union([matchPath, z.object({ this_event: matchPath, cancel_event: matchPath }).strict()], {
      error: 'a path both events have (data.lesson.id), or { this_event: data.lesson.id, cancel_event: data.id }',
    }),
  })
  .strict()
  .transform((c): CancelOn => ('this_event' in c.match ? { event: c.event, thisEvent: c.match.this_event, cancelEvent: c.match.cancel_event } : { event: c.event, thisEvent: c.match, cancelEvent: c.match }))

const recipient = oneOf([...RECIPIENT_KINDS, 'all'] as const, 'recipient')

const expectReply = z
  .object({
    buttons: z.array(z.union([z.string().min(1), z.number()]).transform(String)).min(1).max(10).optional(),
    text_within: duration.optional(),
  })
  .strict()
  .refine((v) => v.buttons !== undefined || v.text_within !== undefined, 'give buttons: (the payloads) and/or text_within: (how long a text reply counts)')

const category = z.string().transform((c) => c.toLowerCase()).pipe(oneOf(['utility', 'marketing'] as const, 'category'))

/** One rule as written. */
export const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'an id of letters, digits, _ . - (at most 100)'),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    on: z.union([eventType, z.array(eventType).min(1)], { error: 'an event type or a list of them' }),
    when: whenExpression.optional(),
    send,
    category,
    to: z.union([recipient, z.array(recipient).min(1)], { error: 'contact, guardians, billing, all, or a list of them' }).default('contact'),
    at: relativeTime.optional(),
    delay: duration.optional(),
    expires: expiry.optional(),
    cancel_on: z.array(cancelOn).optional(),
    send_now_if_window_open: z.boolean().default(false),
    ignore_quiet_hours: z.boolean().default(false),
    expect_reply: expectReply.optional(),
  })
  .strict()
  .transform((r, ctx): Rule => {
    if (r.at !== undefined && r.delay !== undefined) ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give at: or delay:, not both' })
    const at: SendTime = r.at ? { kind: 'relative', time: r.at } : r.delay ? { kind: 'delay', delay: r.delay } : { kind: 'now' }
    const to = (Array.isArray(r.to) ? r.to : [r.to]).flatMap((t): RecipientKind[] => (t === 'all' ? [...RECIPIENT_KINDS] : [t]))
    const s = r.send
    return {
      id: r.id,
      description: r.description ?? null,
      enabled: r.enabled,
      on: Array.isArray(r.on) ? r.on : [r.on],
      when: r.when ?? null,
      send: {
        template: s.template,
        language: s.language ?? null,
        params: s.params ?? { kind: 'named', entries: {} },
        headerParams: s.header_params ?? null,
        headerMedia: s.header_media ?? null,
        buttons: s.buttons ?? {},
        freeForm: s.free_form,
      },
      category: r.category,
      to: [...new Set(to)],
      at,
      expires: r.expires ?? null,
      cancelOn: r.cancel_on ?? [],
      sendNowIfWindowOpen: r.send_now_if_window_open,
      ignoreQuietHours: r.ignore_quiet_hours,
      expectReply: r.expect_reply ? { buttons: r.expect_reply.buttons ?? [], textWithin: r.expect_reply.text_within ?? null } : null,
    }
  })

/** A whole rules document: `rules:` and the list. */
export const rulesDocumentSchema = z.object({ rules: z.array(ruleSchema).max(1000) }).strict()

/** Every key the written form knows, for did-you-mean hints on unknown ones. */
export const KNOWN_KEYS = [
  'rules', 'id', 'description', 'enabled', 'on', 'when', 'send', 'category', 'to', 'at', 'delay', 'expires', 'cancel_on',
  'send_now_if_window_open', 'ignore_quiet_hours', 'expect_reply', 'template', 'language', 'params', 'header_params', 'header_media', 'buttons',
  'free_form', 'from', 'literal', 'format', 'style', 'pattern', 'decimals', 'currency', 'unit', 'display', 'before', 'after',
  'by', 'event', 'match', 'this_event', 'cancel_event', 'text_within',
]
