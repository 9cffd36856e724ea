import type { E164 } from '../contacts/phone.js'
import type { NewOutboundMessage } from '../messages/ports.js'
import type { Clock } from '../ports.js'
import { billingMonthStart } from '../costs/message-fact.js'
import { freeAllowanceAt } from '../costs/rate-card.js'
import { cancellationKeys } from '../rules/cancel-keys.js'
import { matchRules } from '../rules/match-rules.js'
import type { RecipientKind, Rule, RuleEvent } from '../rules/model.js'
import type { Instant } from '../shared/time.js'
import type { TemplateRecord } from '../templates/ports.js'
import { newContact, withInput, type ContactInput, type ContactProfile, type SubjectRole } from '../contacts/model.js'
import type { Contacts } from '../contacts/ports.js'
import { decideRuleSend, whatsappSenderOf, type RuleSendDeps } from './decide-rule-send.js'
import type { ContactLocks, DecisionRecord, EventLog, EventRecording, StoredEvent } from './ports.js'

/** A business event as the API received it, checked for shape. */
export interface EventInput {
  /** The event as received (snake_case): what rule expressions read. */
  raw: RuleEvent
  occurredAt: Instant
  requestHash: string
  contact: ContactInput | null
  subject: { externalId: string; contacts: Array<ContactInput & { role: SubjectRole }> } | null
}

export interface HandleEventDeps extends RuleSendDeps {
  eventLog: EventLog
  contacts: Contacts
  contactLocks: ContactLocks
  rules(): readonly Rule[]
  clock: Clock
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
  // From the first read of the people to the commit, no other event about them is decided.
  return deps.contactLocks.run(lockKeys(input), () => decideAndRecord(deps, input))
}

/**
 * The people an event names and its subject (whose linked guardians are read from the store).
 * A guardian reached only through a stored link, by events about two different students at once,
 * is not covered: one process's lock, and per named key.
 */
function lockKeys(input: EventInput): string[] {
  const phones = [...(input.contact ? [input.contact.phone] : []), ...(input.subject?.contacts ?? []).map((c) => c.phone)]
  return [...phones.map((phone) => `phone:${phone}`), ...(input.subject ? [`subject:${input.subject.externalId}`] : [])]
}

async function decideAndRecord(deps: HandleEventDeps, input: EventInput): Promise<EventResult> {
  const now = deps.clock.now()

  const people = await gatherPeople(deps, input, now)
  const rules = deps.rules()
  const decisions: DecisionRecord[] = []
  const messages: NewOutboundMessage[] = []
  const cancelled = cancellationKeys(rules, input.raw)
  const whatsapp = whatsappSenderOf(deps.senders)
  const freeFormUsedThisMonth = whatsapp ? await deps.sendHistory.countFreeForm(whatsapp.id, billingMonthStart(now), freeAllowanceAt(deps.rateCards(), now)) : 0
  const families = new Map<string, TemplateRecord[]>()
  const budget = deps.budgets ? await deps.budgets.standing(now) : null

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
      const record = await decideRuleSend(deps, { rule: match.rule, event: input.raw, contact, now, families, freeFormUsedThisMonth, messages, cancelKeys: cancelled.keys, budget })
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
  const named = [...(input.contact ? [input.contact] : []), ...(input.subject?.contacts ?? [])].map(({ phone, name, language, timezone, externalId, onWhatsApp }): ContactInput => ({
    phone,
    ...(name !== undefined ? { name } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(timezone !== undefined ? { timezone } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    ...(onWhatsApp !== undefined ? { onWhatsApp } : {}),
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

