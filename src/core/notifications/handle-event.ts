import type { E164 } from '../contacts/phone.js'
import { marketOf } from '../contacts/phone.js'
import { buildOutboundMessage } from '../messages/build-outbound-message.js'
import type { RateCard } from '../costs/rate-card.js'
import type { NewOutboundMessage } from '../messages/ports.js'
import type { OutboundContent } from '../messages/content.js'
import type { SenderRef } from '../messages/sender.js'
import type { Clock, Ids } from '../ports.js'
import { cancellationKeys } from '../rules/cancel-keys.js'
import { matchRules } from '../rules/match-rules.js'
import type { RecipientKind, Rule, RuleEvent } from '../rules/model.js'
import { planRuleSend, type RuleSendPlan } from '../rules/plan-rule-send.js'
import { DAY, toIso, type Instant } from '../shared/time.js'
import type { FallbackChain } from '../templates/choose-language.js'
import type { TemplateRecord, TemplateStore } from '../templates/ports.js'
import { renderTemplate } from '../templates/render.js'
import { resolveTemplate } from '../templates/resolve-template.js'
import { newContact, withInput, type ContactInput, type ContactProfile, type SubjectRole } from '../contacts/model.js'
import type { Contacts } from '../contacts/ports.js'
import { planNotification, type NotificationDecision } from './plan-notification.js'
import type { PolicySettings } from './policy.js'
import type { DecisionRecord, EventLog, EventRecording, SendHistory, StoredEvent } from './ports.js'

/** A business event as the API received it, checked for shape. */
export interface EventInput {
  /** The event as received (snake_case): what rule expressions read. */
  raw: RuleEvent
  occurredAt: Instant
  requestHash: string
  contact: ContactInput | null
  subject: { externalId: string; contacts: Array<ContactInput & { role: SubjectRole }> } | null
}

export interface HandleEventDeps {
  eventLog: EventLog
  contacts: Contacts
  sendHistory: SendHistory
  templates: Pick<TemplateStore, 'family'>
  rules(): readonly Rule[]
  clock: Clock
  ids: Ids
  /** The WhatsApp sender rules send from. */
  sender: SenderRef
  policy: PolicySettings
  rateCards: readonly RateCard[]
  languages: { defaultLanguage: string; fallback: FallbackChain }
  /** Whether an SMS channel is configured to fall back to; none exists yet. */
  smsFallback: boolean
}

export type EventResult =
  | { kind: 'handled'; decisions: DecisionRecord[] }
  /** The same event id was handled before (with the same body): nothing changes. */
  | { kind: 'duplicate'; decisions: DecisionRecord[] }
  /** The event id was used before with another body. */
  | { kind: 'conflict' }

const ROLE_OF: Record<Exclude<RecipientKind, 'contact'>, SubjectRole> = { guardians: 'guardian', billing: 'billing' }

/**
 * Turns a business event into decisions: updates the contacts and the student's guardians it
 * names, cancels what it cancels, and for every rule it fires and every person the rule names,
 * decides whether, when and how to message them (quiet hours, consent, caps, the window, cost) —
 * queuing, scheduling or suppressing with a reason. An event id is acted on once, and everything
 * it changes is recorded in one transaction: a failure leaves no part of it behind.
 */
export async function handleEvent(deps: HandleEventDeps, input: EventInput): Promise<EventResult> {
  const existing = await deps.eventLog.getEvent(input.raw.id)
  if (existing) return repeat(deps, existing, input)
  const now = deps.clock.now()

  const people = await gatherPeople(deps, input, now)
  const rules = deps.rules()
  const decisions: DecisionRecord[] = []
  const messages: NewOutboundMessage[] = []
  const cancelled = cancellationKeys(rules, input.raw)
  const freeFormUsedThisMonth = await deps.sendHistory.countFreeForm(deps.sender.id, monthStart(now))
  const families = new Map<string, TemplateRecord[]>()

  for (const match of matchRules(rules, input.raw)) {
    if (match.kind === 'failed') {
      decisions.push({ ruleId: match.rule.id, contactId: null, outcome: 'error', reason: 'rule_failed', detail: { ...match.error }, messageId: null })
      continue
    }
    const recipients = recipientsOf(match.rule, people)
    if (recipients.length === 0) {
      decisions.push({ ruleId: match.rule.id, contactId: null, outcome: 'suppressed', reason: 'no_recipient', detail: { to: match.rule.to }, messageId: null })
      continue
    }
    for (const contactId of recipients) {
      const contact = people.profiles.get(contactId)!
      const record = await decideFor(deps, { rule: match.rule, input, contact, now, families, freeFormUsedThisMonth, messages, cancelKeys: cancelled.keys })
      decisions.push(record)
    }
  }

  const recording: EventRecording = {
    event: {
      id: input.raw.id,
      type: input.raw.type,
      occurredAt: input.occurredAt,
      body: input.raw as unknown as Record<string, unknown>,
      requestHash: input.requestHash,
      contactId: people.eventContactId,
      receivedAt: now,
    },
    contacts: people.upserts,
    subject: input.subject ? { externalId: input.subject.externalId, links: people.links } : null,
    cancel: { keys: cancelled.keys, reason: { code: 'cancelled_by_event', title: `cancelled by ${input.raw.type} ${input.raw.id}` } },
    decisions,
    messages,
  }
  const stored = await deps.eventLog.recordEvent(recording, now)
  if (stored.kind === 'duplicate') {
    const again = await deps.eventLog.getEvent(input.raw.id)
    return again ? repeat(deps, again, input) : { kind: 'conflict' }
  }
  return { kind: 'handled', decisions: stored.decisions }
}

async function repeat(deps: HandleEventDeps, existing: StoredEvent, input: EventInput): Promise<EventResult> {
  if (existing.requestHash !== input.requestHash) return { kind: 'conflict' }
  return { kind: 'duplicate', decisions: await deps.eventLog.decisions(existing.id) }
}

interface People {
  eventContactId: string | null
  /** Every contact the event concerns, as it will be once the event is recorded. */
  profiles: Map<string, ContactProfile>
  subjectContactIds: Map<SubjectRole, string[]>
  /** What the recording creates or updates, and the subject links it adds. */
  upserts: Array<ContactInput & { id: string }>
  links: Array<{ contactId: string; role: SubjectRole }>
}

/**
 * The event's contact and the student's linked contacts as they will be after this event: known
 * ones read and updated in memory, new ones given an id. Nothing is written here; the recording
 * writes it all at once.
 */
async function gatherPeople(deps: HandleEventDeps, input: EventInput, now: Instant): Promise<People> {
  const named = [...(input.contact ? [input.contact] : []), ...(input.subject?.contacts ?? [])].map(({ phone, name, language, timezone, externalId }): ContactInput => ({
    phone,
    ...(name !== undefined ? { name } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(timezone !== undefined ? { timezone } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
  }))
  const known = named.length > 0 ? await deps.contacts.byPhones([...new Set(named.map((c) => c.phone))]) : new Map<E164, ContactProfile>()
  const byPhone = new Map<E164, ContactProfile>()
  const upserts: Array<ContactInput & { id: string }> = []
  for (const c of named) {
    const current = byPhone.get(c.phone) ?? known.get(c.phone) ?? newContact(deps.ids.next('ct'), c.phone, now)
    byPhone.set(c.phone, withInput(current, c))
    upserts.push({ ...c, id: current.id })
  }
  const idOf = (phone: E164) => byPhone.get(phone)!.id
  const eventContactId = input.contact ? idOf(input.contact.phone) : null
  const links = (input.subject?.contacts ?? []).map((c) => ({ contactId: idOf(c.phone), role: c.role }))
  const subjectContactIds = new Map<SubjectRole, string[]>()
  const profiles = new Map([...byPhone.values()].map((p) => [p.id, p]))
  if (input.subject) {
    for (const role of ['guardian', 'billing'] as const) {
      const linked = await deps.contacts.linkedTo(input.subject.externalId, [role])
      const added = links.filter((l) => l.role === role).map((l) => l.contactId)
      subjectContactIds.set(role, [...new Set([...linked, ...added])].sort())
    }
    const others = [...subjectContactIds.values()].flat().filter((id) => !profiles.has(id))
    for (const [id, profile] of others.length > 0 ? await deps.contacts.byIds([...new Set(others)]) : []) profiles.set(id, profile)
  }
  return { eventContactId, profiles, subjectContactIds, upserts, links }
}

function recipientsOf(rule: Rule, people: People): string[] {
  const out = new Set<string>()
  for (const kind of rule.to) {
    if (kind === 'contact') {
      if (people.eventContactId) out.add(people.eventContactId)
    } else {
      for (const id of people.subjectContactIds.get(ROLE_OF[kind]) ?? []) out.add(id)
    }
  }
  return [...out]
}

interface DecideContext {
  rule: Rule
  input: EventInput
  contact: ContactProfile
  now: Instant
  families: Map<string, TemplateRecord[]>
  freeFormUsedThisMonth: number
  messages: NewOutboundMessage[]
  /** What the event cancels: those messages no longer count against caps. */
  cancelKeys: readonly string[]
}

/** One rule, one person: plan the send, ask policy and routing, and build the message or the reason it is not sent. */
async function decideFor(deps: HandleEventDeps, c: DecideContext): Promise<DecisionRecord> {
  const { rule, contact } = c
  const base = { ruleId: rule.id, contactId: contact.id }
  const recipient = {
    timezone: contact.timezone ?? deps.policy.defaultTimezone,
    language: contact.language ?? deps.languages.defaultLanguage,
    phone: contact.phone,
    name: contact.name,
    external_id: contact.externalId,
  }
  const planned = planRuleSend({ rule }, c.input.raw, recipient, c.now)
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
      smsFallback: deps.smsFallback,
      rateCards: deps.rateCards,
      freeFormUsedThisMonth: c.freeFormUsedThisMonth,
    },
  })
  if (decision.kind === 'suppress') return { ...base, outcome: 'suppressed', reason: decision.reason, detail: { detail: decision.detail, late: plan.late }, messageId: null }
  const content = contentFor(decision, plan, family, freeFormText)
  if (!content.ok) return { ...base, outcome: 'error', reason: content.reason, detail: content.detail, messageId: null }
  const scheduled = decision.at > c.now
  const message = buildOutboundMessage(deps.ids, {
    to: contact.phone as E164,
    sender: deps.sender,
    content: content.content,
    metadata: { event_id: c.input.raw.id, rule_id: rule.id },
    dueAt: decision.at,
    notification: {
      eventId: c.input.raw.id,
      ruleId: rule.id,
      category: plan.category,
      scheduled,
      expiresAt: plan.expiresAt,
      cancelKeys: plan.cancelKeys,
      expectReply: plan.expectReply,
    },
  })
  c.messages.push(message)
  return {
    ...base,
    outcome: scheduled ? 'scheduled' : 'queued',
    reason: null,
    detail: { at: toIso(decision.at), route: decision.route, ...(decision.deferred ? { deferred: decision.deferred } : {}), late: plan.late },
    messageId: message.id,
  }
}

/** The text of the template in the first preferred language it has (approved or not: free-form needs no approval). */
function renderedText(family: readonly TemplateRecord[], plan: RuleSendPlan, preferred: readonly string[]): string | null {
  const version = preferred.map((l) => family.find((t) => t.definition.language === l)).find((t) => t !== undefined) ?? null
  if (!version) return null
  const rendered = renderTemplate(version.definition, plan.template)
  return rendered.ok ? (rendered.content.rendered ?? null) : null
}

function contentFor(
  decision: Extract<NotificationDecision, { kind: 'send' | 'schedule' }>,
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
      return { ok: false, reason: 'no_route', detail: { message: 'SMS fallback is not available yet' } }
  }
}

/** The first instant of the UTC month: the free allowance of in-window free-form messages counts per month. */
function monthStart(at: Instant): Instant {
  const d = new Date(at)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}
