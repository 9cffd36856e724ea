import { failure, webhookError, type MetaErrorCode, type MetaFailure } from './errors.js'
import { pricingFor } from './pricing.js'
import type { BusinessNumber, SandboxState } from './state.js'
import { planStatuses, type Fate } from './status-plan.js'
import type { TemplateCategory } from './templates.js'
import type { SimulatedUser } from './users.js'
import { countCode } from './stats.js'
import type { SendRequest } from './validate-send.js'
import type { Conversation, OutboundMessage } from './webhook-payloads.js'

/**
 * A validated send, decided like the Cloud API decides it: synchronous limits first (131021,
 * 130429, 131056, template lookup), then a 200 with a wamid. Policy refusals (not on WhatsApp
 * 131026, outside the window 131047, US marketing 131049) are never synchronous: the message is
 * accepted and its only webhook is a `failed` status (docs/platform.md §1.7, §4.1, §4.2).
 */

export type SendOutcome = { ok: true; body: object } | { ok: false; failure: MetaFailure }

export function acceptSend(state: SandboxState, number: BusinessNumber, req: SendRequest, apiVersion: number | null, now: number): SendOutcome {
  const r = req.recipient
  let user: SimulatedUser | null = null
  if (r.kind === 'phone') {
    if (r.digits === number.metadata.display_phone_number) return { ok: false, failure: failure(131021) }
    user = state.users.resolve(r.digits)
  } else if (r.kind === 'user_id') {
    user = state.users.byUserId(r.input) ?? null
  }
  const userKey = user?.waId ?? r.input
  if (!state.throughput.tryTake(number.id, now)) return { ok: false, failure: failure(130429) }
  if (!state.pairs.tryTake(number.id, userKey, now)) return { ok: false, failure: failure(131056) }

  let category: TemplateCategory | null = null
  if (req.template) {
    const resolved = state.catalog.resolve({ wabaId: state.options.wabaId, ...req.template })
    if (!resolved.ok) return { ok: false, failure: resolved.failure }
    category = resolved.category
  }

  const windowOpen = user !== null && state.windows.isOpen(number.id, user.waId, now)
  const failsWith = refusal(state, r.kind === 'opaque', user, category, windowOpen, req.template !== null)
  const wamid = state.ids.wamid(userKey, 'outbound')
  // Only a delivered free-form message uses the month's free allowance (a refused one is never charged).
  const freeServiceUsed = category === null && failsWith === null && r.kind !== 'opaque' ? state.serviceAllowance.take(number.id, now) : 0
  const message: OutboundMessage = {
    wamid,
    recipientId: user?.waId ?? null,
    recipientUserId: r.kind === 'user_id' ? r.input : null,
    biz: req.bizOpaqueCallbackData,
    pricing: pricingFor(category, windowOpen, now, freeServiceUsed),
    conversation: apiVersion !== null && apiVersion < 24 ? conversation(state, category) : null,
  }
  const fate: Fate =
    r.kind === 'opaque' ? { kind: 'silent' }
    : failsWith !== null ? { kind: 'fail', error: webhookError(failsWith) }
    : { kind: 'deliver', readReceipts: user!.readReceipts }
  for (const p of planStatuses(message, number, fate, now, state.options.statusDelaysMs, state.dice)) state.statuses.push(p.delayMs, p.status)

  state.log.push({
    wamid,
    phoneNumberId: number.metadata.phone_number_id,
    provider: number.owner,
    to: r.kind === 'phone' ? r.digits : r.input,
    waId: user?.waId ?? null,
    type: req.type,
    bizOpaqueCallbackData: req.bizOpaqueCallbackData,
    acceptedAt: now,
    content: req.content,
    template: req.template && category ? { name: req.template.name, language: req.template.languageCode, category } : null,
    failsWith,
  })
  state.counters.accepted++
  if (failsWith !== null) countCode(state.counters.failed, failsWith)

  // §1.7: `contacts[].input` echoes what was sent; for a BSUID recipient `user_id` replaces `wa_id`.
  const contact = r.kind === 'user_id' ? { input: r.input, user_id: r.input } : { input: r.input, wa_id: user?.waId ?? r.input }
  const sent = req.template ? { id: wamid, message_status: 'accepted' } : { id: wamid }
  return { ok: true, body: { messaging_product: 'whatsapp', contacts: [contact], messages: [sent] } }
}

function refusal(
  state: SandboxState,
  opaque: boolean,
  user: SimulatedUser | null,
  category: TemplateCategory | null,
  windowOpen: boolean,
  isTemplate: boolean,
): MetaErrorCode | null {
  if (opaque) return null
  if (user === null || !user.onWhatsApp) return 131026
  if (!isTemplate && !windowOpen) return 131047
  // §4.2 / §6.1: since 1 Apr 2025 marketing templates are not delivered to US (+1) numbers.
  const usNumber = user.waId.length === 11 && user.waId.startsWith('1')
  if (category === 'marketing' && usNumber && state.options.blockUsMarketing !== false) return 131049
  return null
}

function conversation(state: SandboxState, category: TemplateCategory | null): Conversation {
  // Up to v23 the conversation id is per message (§2.5); its origin names the message's category.
  return { id: state.ids.conversationId(), origin: { type: category ?? 'service' } }
}
