import { normalizePhone, type E164 } from '../contacts/phone.js'
import { ParleyError, type ItemError } from '../errors.js'
import type { Clock, Ids } from '../ports.js'
import type { TemplateRecord, TemplateStore } from '../templates/ports.js'
import { resolveTemplate, type LanguagePolicy, type TemplateRequest } from '../templates/resolve-template.js'
import type { MediaContent, OutboundContent, TextContent } from './content.js'
import { checkOptOut, type SendOverride, type SendSubject } from './check-opt-out.js'
import type { RecipientState } from '../contacts/model.js'
import { buildOutboundMessage } from './build-outbound-message.js'
import type { Contacts } from '../contacts/ports.js'
import type { MessageQueries, NewOutboundMessage, Outbox } from './ports.js'
import type { MessageStatus } from './status.js'
import type { SenderRef } from './sender.js'
import type { CostBasis, MessageCost } from '../costs/message-cost.js'
import { billingMonthStart } from '../costs/message-fact.js'
import { freeAllowanceAt } from '../costs/rate-card.js'
import type { Instant } from '../shared/time.js'
import type { RateCategory } from '../costs/rate-card.js'
import { estimateSend } from './estimate-send.js'

/**
 * What to send: free-form text or media (both only delivered inside the window, like any free-form
 * message), or a stored template with its values (resolved and rendered here).
 */
export type MessageBody = TextContent | MediaContent | { kind: 'template'; request: TemplateRequest }

/** One message as the API received it, already checked for shape at the edge. */
export interface MessageInput {
  to: string
  body: MessageBody
  metadata: Record<string, unknown> | null
  /** A configured sender id; the default sender when absent. */
  from?: string
  /** Why this may go to a contact who opted out (checked by policy); absent: it may not. */
  override?: SendOverride
}

export type { ItemError }

/**
 * An accepted item names its SMS segments (null on WhatsApp) and its estimated cost (null on SMS,
 * or where no costs are configured): what it will be billed by, known before it goes.
 */
export type ItemResult = { ok: true; id: string; status: MessageStatus; segments: number | null; cost: MessageCost | null } | { ok: false; error: ItemError }

export interface AcceptDeps {
  outbox: Outbox
  /** For a replay's current statuses. */
  messages: MessageQueries
  /** For each recipient's language and opt-out. */
  contacts: Contacts
  templates: Pick<TemplateStore, 'family'>
  /**
   * Whether the provider's templates were ever loaded; until then a template not found is answered
   * `templates_unavailable` (retry) instead of `template_not_found`. Absent: always loaded.
   */
  templatesLoaded?: () => Promise<boolean>
  languages: LanguagePolicy
  ids: Ids
  clock: Clock
  /** Sender id → the sender (its provider, account and channel). */
  senders: ReadonlyMap<string, SenderRef>
  defaultSenderId: string
  /** Prices each WhatsApp message as it is accepted; absent: messages carry no estimate. */
  costs?: CostBasis
  /** How much of the month's free allowance a sender used (SendHistory.countFreeForm); absent: none counted. */
  freeFormUsed?(senderId: string, from: Instant, upTo: number): Promise<number>
}

export interface IdempotencyRequest {
  scope: string
  key: string
  /** A hash of the request body: the same key with another body is a conflict. */
  requestHash: string
}

export interface Accepted {
  results: ItemResult[]
  /** True when an earlier request with the same idempotency key and body answered this. */
  replayed: boolean
}

/**
 * Accepts messages into the outbox: each item is checked on its own (a batch answers per item) —
 * the number, the sender (an SMS sender takes text only), for templates the stored template, its approval and the values, and
 * the recipient's opt-out (with the send's override, if any) — the valid ones are stored in one transaction, and the answer is given only after that commit.
 */
export async function acceptMessages(deps: AcceptDeps, inputs: MessageInput[], idempotency?: IdempotencyRequest): Promise<Accepted> {
  const now = deps.clock.now()
  const context = await loadContext(deps, inputs)
  const results: ItemResult[] = []
  const rows: NewOutboundMessage[] = []
  for (const input of inputs) {
    const checked = toRow(deps, context, input, now)
    if ('error' in checked) {
      results.push({ ok: false, error: checked.error })
      continue
    }
    rows.push(checked)
    results.push({ ok: true, id: checked.id, status: 'queued', segments: checked.segments, cost: checked.cost ?? null })
  }
  if (results.some(notFound) && deps.templatesLoaded && !(await deps.templatesLoaded())) {
    for (const [i, result] of results.entries()) if (notFound(result)) results[i] = { ok: false, error: TEMPLATES_UNAVAILABLE }
  }
  const claim = idempotency ? { ...idempotency, result: JSON.stringify(results) } : undefined
  const stored = await deps.outbox.enqueue(rows, now, claim)
  if (stored.kind === 'conflict') {
    throw new ParleyError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body.', { key: idempotency?.key })
  }
  if (stored.kind === 'enqueued') return { results, replayed: false }
  const original = JSON.parse(stored.result) as ItemResult[]
  const current = await deps.messages.statuses(original.flatMap((r) => (r.ok ? [r.id] : [])))
  return {
    replayed: true,
    results: original.map((r) => (r.ok ? { ...r, status: current.get(r.id) ?? r.status } : r)),
  }
}

const notFound = (result: ItemResult) => !result.ok && result.error.code === 'template_not_found'

/** How long a client should wait before trying again: about the first retries of the template sync. */
const TEMPLATES_RETRY_AFTER_SECONDS = 5

const TEMPLATES_UNAVAILABLE: ItemError = {
  code: 'templates_unavailable',
  message: 'Templates have not been loaded from the provider yet; retry shortly.',
  details: { retryAfterSeconds: TEMPLATES_RETRY_AFTER_SECONDS },
}

interface Context {
  families: Map<string, TemplateRecord[]>
  recipients: Map<E164, RecipientState>
  /** Sender id → the free allowance it used this month so far, for the batch's free-form messages (counted on as they are priced). */
  allowanceUsed: Map<string, number>
}

/** The templates and the known recipients a batch needs, each read once. */
async function loadContext(deps: AcceptDeps, inputs: MessageInput[]): Promise<Context> {
  const families = new Map<string, TemplateRecord[]>()
  const phones: E164[] = []
  for (const input of inputs) {
    const phone = normalizePhone(input.to)
    if (phone.ok) phones.push(phone.e164)
    if (input.body.kind !== 'template') continue
    const { name } = input.body.request
    if (!families.has(name)) families.set(name, await deps.templates.family(name))
  }
  return { families, recipients: phones.length > 0 ? await deps.contacts.byPhones(phones) : new Map(), allowanceUsed: await loadAllowanceUsed(deps, inputs) }
}

/** Each free-form sender's allowance used this month, read once per batch; nothing when the card in force has no allowance. */
async function loadAllowanceUsed(deps: AcceptDeps, inputs: MessageInput[]): Promise<Map<string, number>> {
  const used = new Map<string, number>()
  const now = deps.clock.now()
  const size = deps.costs && deps.freeFormUsed ? freeAllowanceAt(deps.costs.rateCards(), now) : 0
  if (size === 0) return used
  const senders = new Set(inputs.filter((i) => i.body.kind !== 'template').map((i) => i.from ?? deps.defaultSenderId))
  for (const id of senders) if (deps.senders.get(id)?.channel === 'whatsapp') used.set(id, await deps.freeFormUsed!(id, billingMonthStart(now), size))
  return used
}

function toRow(deps: AcceptDeps, context: Context, input: MessageInput, now: number): NewOutboundMessage | { error: ItemError } {
  const phone = normalizePhone(input.to)
  if (!phone.ok) {
    return { error: { code: 'invalid_phone', message: `"${input.to}" is not a valid phone number in international format (${phone.reason}).`, details: { field: 'to', reason: phone.reason } } }
  }
  const senderId = input.from ?? deps.defaultSenderId
  const sender = deps.senders.get(senderId)
  if (!sender) {
    return { error: { code: 'unknown_sender', message: `No sender "${senderId}" is configured.`, details: { field: 'from', known: [...deps.senders.keys()] } } }
  }
  if (sender.channel === 'sms' && input.body.kind !== 'text') {
    return {
      error: {
        code: 'channel_unsupported_content',
        message: `Sender "${senderId}" is an SMS number: it sends text only, not ${input.body.kind === 'template' ? 'WhatsApp templates' : 'media'}.`,
        details: { field: input.body.kind, channel: 'sms', from: senderId },
      },
    }
  }
  const recipient = context.recipients.get(phone.e164)
  let content: OutboundContent
  let subject: SendSubject = { kind: 'text' }
  let category: RateCategory = 'service'
  if (input.body.kind === 'template') {
    const { request } = input.body
    const family = context.families.get(request.name) ?? []
    const resolved = resolveTemplate(family, request, recipient?.language ?? null, deps.languages)
    if (!resolved.ok) return { error: resolved.error }
    content = resolved.content
    const templateCategory = family.find((t) => t.definition.language === resolved.content.language)!.definition.category
    subject = { kind: 'template', category: templateCategory }
    category = templateCategory.toLowerCase() as RateCategory
  } else {
    content = input.body
  }
  const refused = checkOptOut(recipient, subject, input.override ?? null, now)
  if (refused) return { error: refused }
  const message = buildOutboundMessage(deps.ids, { to: phone.e164, sender, content, metadata: input.metadata, dueAt: now })
  const allowanceUsed = category === 'service' ? context.allowanceUsed.get(sender.id) : undefined
  const cost = estimateSend(deps.costs, { sender, market: message.market, category, lastInboundAt: recipient?.lastInboundAt ?? null, now, allowanceUsed, segments: message.segments })
  if (cost?.reason === 'free_allowance' && allowanceUsed !== undefined) context.allowanceUsed.set(sender.id, allowanceUsed + 1)
  return cost === null ? message : { ...message, cost }
}
