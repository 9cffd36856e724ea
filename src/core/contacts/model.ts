import type { Instant } from '../shared/time.js'
import type { E164 } from './phone.js'

/**
 * What Parley knows about a person it messages: one record per phone number, shared by the API,
 * business events, inbound messages and the dispatcher. Pure data; the store fills it.
 */

export interface ConsentRecord {
  granted: boolean
  /** Where the consent (or its withdrawal) came from: `signup_form`, `whatsapp_keyword`, `api`… */
  source: string
  at: Instant
}

/** What sending decisions read about a contact. */
export interface ContactState {
  phone: E164
  /** IANA zone, e.g. `Europe/Istanbul`; null when unknown (policy then uses its default zone). */
  timezone: string | null
  /** Preferred template language, e.g. `tr`. */
  language: string | null
  /** The user's last message to us: the customer-service window runs 24 h from here. */
  lastInboundAt: Instant | null
  /**
   * Opted out of everything (e.g. replied STOP): present, with the opt-out's source and time, while
   * the opt-out stands (the store reads it back with `granted: true`); null when the contact never
   * opted out or opted in again (START).
   */
  optOut: ConsentRecord | null
  /** Explicit opt-in to marketing; marketing needs `granted: true`. */
  marketingConsent: ConsentRecord | null
  /** False once the platform said the number is not on WhatsApp (131026); null when unknown. */
  onWhatsApp: boolean | null
  /** Billing market (ISO country) of the number. */
  market: string | null
}

/** A contact attribute's value: kept as given, compared by rules and shown by the API. */
export type AttributeValue = string | number | boolean

/** Everything Parley keeps about a contact. */
export interface ContactProfile extends ContactState {
  id: string
  /** The name the business gave (else the one the user's WhatsApp profile shows). */
  name: string | null
  /** The business's own id for the person. */
  externalId: string | null
  /** The provider's user id (Meta `wa_id`) last seen for the number. */
  providerUserId: string | null
  tags: string[]
  attributes: Record<string, AttributeValue>
  createdAt: Instant
  updatedAt: Instant
}

/** What a direct send checks about a known recipient (a ContactProfile is one). */
export interface RecipientState {
  /** Preferred template language; null when unknown. */
  language: string | null
  /** Set while the contact is opted out of everything (a STOP keyword, your systems). */
  optOut: { at: Instant; source: string } | null
  /** Their latest message to us: it opens the customer-service window. */
  lastInboundAt: Instant | null
}

/** A contact as an event or the API describes it; absent fields are left as they are. */
export interface ContactInput {
  phone: E164
  name?: string
  /** null clears it (the fallback chain then decides). */
  language?: string | null
  timezone?: string
  externalId?: string
  /** Replaces the contact's tags. */
  tags?: string[]
  /** Replaces the contact's attributes. */
  attributes?: Record<string, AttributeValue>
  /**
   * False: the business knows the number has no WhatsApp (a landline, a basic phone), so rules go
   * by their SMS fallback; true: it has, whatever a failed send said before.
   */
  onWhatsApp?: boolean
}

/** A contact's change the API makes in one go: the profile fields and, when given, marketing consent. */
export interface ContactUpdate extends ContactInput {
  marketingConsent?: ConsentRecord
}

/** How a contact relates to a subject (a student, an account) events are about. */
export type SubjectRole = 'guardian' | 'billing'

/** Bounds on what a contact carries, so one contact cannot grow without limit. */
export const CONTACT_LIMITS = { tags: 50, tagLength: 64, attributes: 100, attributeKeyLength: 64, attributeValueLength: 1000 } as const

/** A fresh contact for a phone not seen before, with the id it will be stored under. */
export function newContact(id: string, phone: E164, now: Instant): ContactProfile {
  return {
    id,
    phone,
    name: null,
    externalId: null,
    providerUserId: null,
    timezone: null,
    language: null,
    lastInboundAt: null,
    optOut: null,
    marketingConsent: null,
    onWhatsApp: null,
    market: null,
    tags: [],
    attributes: {},
    createdAt: now,
    updatedAt: now,
  }
}

/** The contact as it will be once `input` is applied (what the store does on upsert). */
export function withInput(contact: ContactProfile, input: ContactInput): ContactProfile {
  return {
    ...contact,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    ...(input.tags !== undefined ? { tags: [...new Set(input.tags)] } : {}),
    ...(input.attributes !== undefined ? { attributes: { ...input.attributes } } : {}),
    ...(input.onWhatsApp !== undefined ? { onWhatsApp: input.onWhatsApp } : {}),
  }
}
