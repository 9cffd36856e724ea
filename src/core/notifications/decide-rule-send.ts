import type { E164 } from '../contacts/phone.js'
import { marketOf } from '../contacts/phone.js'
import type { ContactProfile } from '../contacts/model.js'
import type { RateCard } from '../costs/rate-card.js'
import { estimateMessageCost, type CostBasis, type MessageCost } from '../costs/message-cost.js'
import { isWindowOpen } from '../messages/window.js'
import type { NotificationCategory } from '../shared/category.js'
import { buildOutboundMessage } from '../messages/build-outbound-message.js'
import type { OutboundContent } from '../messages/content.js'
import type { NewOutboundMessage } from '../messages/ports.js'
import type { SenderRef } from '../messages/sender.js'
import type { Ids } from '../ports.js'
import type { Rule, RuleEvent } from '../rules/model.js'
import { planRuleSend, type RuleSendPlan } from '../rules/plan-rule-send.js'
import { DAY, toIso, type Instant } from '../shared/time.js'
import type { FallbackChain } from '../templates/choose-language.js'
import type { TemplateRecord, TemplateStore } from '../templates/ports.js'
import { renderTemplate } from '../templates/render.js'
import { resolveTemplate } from '../templates/resolve-template.js'
import { planNotification, type NotificationDecision } from './plan-notification.js'
import type { BudgetStanding } from '../costs/budget-check.js'
import { passBudget, type BudgetGate } from '../costs/budget-gate.js'
import type { PolicySettings } from './policy.js'
import type { DecisionRecord, SendHistory } from './ports.js'

/** What deciding one rule's message for one person reads; shared by events and SMS fallbacks. */
export interface RuleSendDeps {
  sendHistory: SendHistory
  templates: Pick<TemplateStore, 'family'>
  ids: Ids
  /** Every configured sender, in configuration order: rules send from the first WhatsApp one, SMS from the rule's or the first SMS one. */
  senders: readonly SenderRef[]
  policy: PolicySettings
  /** The rate cards in force now (they can change while Parley runs: `parley cost rates import`). */
  rateCards: () => readonly RateCard[]
  /** Prices each WhatsApp message it builds, as the send answers do; absent: the messages carry no estimate. */
  costs?: CostBasis
  languages: { defaultLanguage: string; fallback: FallbackChain }
  /** Hard stops on marketing (README "Budgets"); absent: nothing is suppressed for money. */
  budgets?: BudgetGate
}

/** One rule for one person, with what the batch it belongs to already decided. */
export interface RuleSendContext {
  rule: Rule
  /** The business event as received (what the rule's expressions read). */
  event: RuleEvent
  /** The person as known now (after the event's updates; `onWhatsApp` false once a send said so). */
  contact: ContactProfile
  now: Instant
  /** Template families read so far, by name (filled in). */
  families: Map<string, TemplateRecord[]>
  freeFormUsedThisMonth: number
  /** Messages decided so far in this batch (they count against caps; the new one is added). */
  messages: NewOutboundMessage[]
  /** What the event cancels: those messages no longer count against caps. */
  cancelKeys: readonly string[]
  /** Metadata the message carries besides the event and rule (an SMS fallback names the message it stands in for). */
  metadata?: Record<string, unknown>
  /** The hard-stopped budgets as the batch stands (read once per event); absent or null: none. */
  budget?: BudgetStanding | null
}

/** The sender rules send WhatsApp messages from: the first configured WhatsApp one. */
export function whatsappSenderOf(senders: readonly SenderRef[]): SenderRef | null {
  return senders.find((s) => s.channel === 'whatsapp') ?? null
}

type SmsSender = { kind: 'none' } | { kind: 'unknown'; id: string } | { kind: 'ok'; sender: SenderRef }

/** The SMS sender a rule's fallback goes from: the one it names, else the first configured; none when the rule has no fallback or there is no SMS sender. */
function smsSenderFor(plan: RuleSendPlan, senders: readonly SenderRef[]): SmsSender {
  if (!plan.smsFallback) return { kind: 'none' }
  const named = plan.smsFallback.from
  if (named === null) {
    const first = senders.find((s) => s.channel === 'sms')
    return first ? { kind: 'ok', sender: first } : { kind: 'none' }
  }
  const sender = senders.find((s) => s.id === named && s.channel === 'sms')
  return sender ? { kind: 'ok', sender } : { kind: 'unknown', id: named }
}

/**
 * One rule, one person: plan the send, ask policy and routing, and build the message or the reason
 * it is not sent. An SMS fallback goes through the very same policy (consent, opt-out, quiet hours,
 * caps, expiry); only routing differs, and SMS has no window.
 */
export async function decideRuleSend(deps: RuleSendDeps, c: RuleSendContext): Promise<DecisionRecord> {
  const { rule, contact } = c
  const base = { ruleId: rule.id, contactId: contact.id }
  const recipient = {
    timezone: contact.timezone ?? deps.policy.defaultTimezone,
    language: contact.language ?? deps.languages.defaultLanguage,
    phone: contact.phone,
    name: contact.name,
    external_id: contact.externalId,
  }
  const planned = planRuleSend({ rule }, c.event, recipient, c.now)
  if (!planned.ok) return { ...base, outcome: 'error', reason: 'rule_failed', detail: { errors: planned.errors }, messageId: null }
  const plan = planned.plan
  const family = c.families.get(plan.template.name) ?? (await deps.templates.family(plan.template.name))
  c.families.set(plan.template.name, family)
  const preferred = plan.template.language ? [plan.template.language] : [recipient.language, deps.languages.defaultLanguage]
  const freeFormText = plan.freeForm ? renderedText(family, plan, preferred) : null
  const history = [
    ...(await deps.sendHistory.sendTimes(contact.id, plan.category, plan.desiredAt - 8 * DAY, plan.desiredAt + 8 * DAY, c.cancelKeys)),
    ...c.messages.filter((m) => m.to === contact.phone && m.notification?.category === plan.category).map((m) => m.dueAt),
  ]
  const whatsapp = whatsappSenderOf(deps.senders)
  const sms = smsSenderFor(plan, deps.senders)
  const market = marketOf(contact.phone)
  const decision = planNotification({
    now: c.now,
    contact: { ...contact, market },
    intent: {
      category: plan.category,
      desiredAt: plan.desiredAt,
      expiresAt: plan.expiresAt,
      ignoreQuietHours: plan.ignoreQuietHours,
      sendNowIfWindowOpen: plan.sendNowIfWindowOpen,
    },
    settings: deps.policy,
    history,
    routing: {
      freeFormAllowed: plan.freeForm,
      freeFormText: freeFormText !== null,
      template: { languages: family.map((t) => ({ language: t.definition.language, status: t.status })), preferredLanguages: preferred, fallback: deps.languages.fallback },
      smsFallback: sms.kind !== 'none',
      whatsappSender: whatsapp !== null,
      rateCards: deps.rateCards(),
      freeFormUsedThisMonth: c.freeFormUsedThisMonth,
    },
  })
  if (decision.kind === 'suppress') return { ...base, outcome: 'suppressed', reason: decision.reason, detail: { detail: decision.detail, late: plan.late }, messageId: null }
  const route = routeSender(decision, whatsapp, sms)
  if (!route.ok) return { ...base, outcome: 'error', reason: 'unknown_sender', detail: { message: route.message }, messageId: null }
  const content = contentFor(decision, plan, family, freeFormText)
  if (!content.ok) return { ...base, outcome: 'error', reason: content.reason, detail: content.detail, messageId: null }
  const scheduled = decision.at > c.now
  const message = buildOutboundMessage(deps.ids, {
    to: contact.phone as E164,
    sender: route.sender,
    content: content.content,
    metadata: { event_id: c.event.id, rule_id: rule.id, ...c.metadata },
    dueAt: decision.at,
    notification: {
      eventId: c.event.id,
      ruleId: rule.id,
      category: plan.category,
      scheduled,
      expiresAt: plan.expiresAt,
      cancelKeys: plan.cancelKeys,
      expectReply: plan.expectReply,
    },
  })
  const cost = deps.costs && route.sender.channel === 'whatsapp' ? estimateFor(deps.costs, decision, route.sender, contact, c.freeFormUsedThisMonth, plan.category) : null
  const overBudget = passBudget(deps.budgets, c.budget ?? null, route.sender.id, cost)
  if (overBudget) {
    const detail = { scope: overBudget.scope, spent_micros: overBudget.spentMicros, amount_micros: overBudget.amountMicros, estimate_micros: overBudget.estimateMicros, currency: overBudget.currency }
    return { ...base, outcome: 'suppressed', reason: 'budget_exhausted', detail, messageId: null }
  }
  c.messages.push(cost ? { ...message, cost } : message)
  return {
    ...base,
    outcome: scheduled ? 'scheduled' : 'queued',
    reason: null,
    detail: { at: toIso(decision.at), route: decision.route, ...(decision.deferred ? { deferred: decision.deferred } : {}), late: plan.late, ...c.metadata },
    messageId: message.id,
  }
}

type Sendable = Extract<NotificationDecision, { kind: 'send' | 'schedule' }>

/** The sender the route goes from; routing only picks SMS when an SMS sender is configured, and WhatsApp when a WhatsApp one is. */
function routeSender(decision: Sendable, whatsapp: SenderRef | null, sms: SmsSender): { ok: true; sender: SenderRef } | { ok: false; message: string } {
  if (decision.route.kind !== 'sms') return whatsapp ? { ok: true, sender: whatsapp } : { ok: false, message: 'no WhatsApp sender is configured' }
  if (sms.kind === 'ok') return { ok: true, sender: sms.sender }
  return { ok: false, message: sms.kind === 'unknown' ? `fallback.sms.from names "${sms.id}", which is not a configured SMS sender` : 'no SMS sender is configured' }
}

/** The text of the template in the first preferred language it has (approved or not: free-form needs no approval). */
function renderedText(family: readonly TemplateRecord[], plan: RuleSendPlan, preferred: readonly string[]): string | null {
  const version = preferred.map((l) => family.find((t) => t.definition.language === l)).find((t) => t !== undefined) ?? null
  if (!version) return null
  const rendered = renderTemplate(version.definition, plan.template)
  return rendered.ok ? (rendered.content.rendered ?? null) : null
}

/**
 * The stored estimate of a notification's WhatsApp message: priced as the decision's route was
 * (the rule's category for a template, `service` for free-form; by the platform's window at the
 * time it goes, without the safety margin), plus the carrying provider's fees.
 */
function estimateFor(costs: CostBasis, decision: Sendable, sender: SenderRef, contact: ContactProfile, freeFormUsed: number, category: NotificationCategory): MessageCost {
  const freeForm = decision.route.kind === 'free_form'
  return estimateMessageCost(
    {
      direction: 'outbound',
      at: decision.at,
      senderId: sender.id,
      provider: sender.provider,
      account: sender.account,
      market: marketOf(contact.phone),
      category: freeForm ? 'service' : category,
      window: isWindowOpen(contact.lastInboundAt, decision.at) ? 'open' : 'closed',
      usage: { allowanceUsed: freeForm ? freeFormUsed : 0, tierVolume: 0 },
    },
    costs,
  )
}

function contentFor(
  decision: Sendable,
  plan: RuleSendPlan,
  family: readonly TemplateRecord[],
  freeFormText: string | null,
): { ok: true; content: OutboundContent } | { ok: false; reason: string; detail: Record<string, unknown> } {
  switch (decision.route.kind) {
    case 'free_form':
      return { ok: true, content: { kind: 'text', text: freeFormText! } }
    case 'template': {
      const resolved = resolveTemplate(family, { ...plan.template, language: decision.route.language }, null, { fallback: {}, defaultLanguage: decision.route.language })
      return resolved.ok ? { ok: true, content: resolved.content } : { ok: false, reason: resolved.error.code, detail: { message: resolved.error.message, details: resolved.error.details } }
    }
    case 'sms':
      // Routing picks SMS only for a rule with a fallback.
      return { ok: true, content: { kind: 'text', text: plan.smsFallback!.text } }
  }
}
