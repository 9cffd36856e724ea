import { z } from 'zod'
import { looksLikeDuration, parseDuration } from './duration.js'
import { EVENT_ROOTS, SEND_ROOTS, type Expression } from './expression/ast.js'
import { parseExpression } from './expression/parse-expression.js'
import { instantOf, isCalendarDate } from './expression/values.js'
import { RECIPIENT_KINDS, type CancelOn, type Expiry, type RecipientKind, type RelativeTime, type Rule, type SendTime } from './model.js'
import { duration, oneOf, sendExpression, whenExpression } from './schema-parts.js'
import { value, valueMap } from './value-schema.js'
import { SMS_TEXT_MAX, unknownPlaceholders } from './sms-fallback-text.js'

/**
 * The written form of a rules document (YAML or JSON; see README.md): snake_case, with
 * shorthands (`on: one.type`, `to: guardians`, a param as a bare path). Validation parses every
 * expression and duration, so a document that passes can be evaluated without syntax surprises.
 */

const eventType = z
  .string({ error: 'an event type like lesson.scheduled' })
  .regex(/^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/, 'an event type like lesson.scheduled (or lesson.* for every lesson event, * for all)')

const exactEventType = z.string({ error: 'an event type like lesson.cancelled' }).regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'an event type like lesson.cancelled')

/** A path (not any expression): a cancel key names the field it reads. */
const matchPath = z.string().transform((source, ctx): Expression => {
  const parsed = parseExpression(source, { roots: EVENT_ROOTS })
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
  else if (parsed.expression.root.kind !== 'path') ctx.addIssue({ code: 'custom', message: 'match takes a path, e.g. data.lesson.id' })
  else return parsed.expression
  return z.NEVER
})

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

const fallback = z
  .object({
    sms: z
      .object({
        text: z.string().min(1, 'the SMS text').max(SMS_TEXT_MAX, `at most ${SMS_TEXT_MAX} characters`),
        from: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a sender id').optional(),
      })
      .strict(),
  })
  .strict()

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
    fallback: fallback.optional(),
  })
  .strict()
  .transform((r, ctx): Rule => {
    if (r.at !== undefined && r.delay !== undefined) ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give at: or delay:, not both' })
    const params = r.send.params ?? { kind: 'named' as const, entries: {} }
    for (const message of r.fallback ? unknownPlaceholders(r.fallback.sms.text, params) : []) ctx.addIssue({ code: 'custom', path: ['fallback', 'sms', 'text'], message })
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
        params,
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
      fallback: r.fallback ? { sms: { text: r.fallback.sms.text, from: r.fallback.sms.from ?? null } } : null,
    }
  })

/** A whole rules document: `rules:` and the list. */
export const rulesDocumentSchema = z.object({ rules: z.array(ruleSchema).max(1000) }).strict()

/** Every key the written form knows, for did-you-mean hints on unknown ones. */
export const KNOWN_KEYS = [
  'rules', 'id', 'description', 'enabled', 'on', 'when', 'send', 'category', 'to', 'at', 'delay', 'expires', 'cancel_on',
  'send_now_if_window_open', 'ignore_quiet_hours', 'expect_reply', 'template', 'language', 'params', 'header_params', 'header_media', 'buttons',
  'free_form', 'from', 'literal', 'format', 'style', 'pattern', 'decimals', 'currency', 'unit', 'display', 'before', 'after',
  'by', 'event', 'match', 'this_event', 'cancel_event', 'text_within', 'fallback', 'sms', 'text',
]
