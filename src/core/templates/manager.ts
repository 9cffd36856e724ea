import type { TemplateCategory, TemplateDefinition } from './model.js'
import type { TemplateStatus } from './status.js'
import type { Instant } from '../shared/time.js'
import type { ProviderError } from '../shared/provider-error.js'

/**
 * The template side of a provider (Meta: message templates on the WhatsApp Business Account).
 * Like sending, it speaks Parley's model only and reports provider trouble as data.
 */
export interface TemplateManager {
  /** Submits a new template (one language) for review. */
  submit(template: TemplateDefinition): Promise<TemplateCallOutcome<SubmittedTemplate>>
  /** Replaces an existing template's content (and category, where allowed) and sends it back to review. */
  edit(providerTemplateId: string, template: TemplateDefinition): Promise<TemplateCallOutcome<SubmittedTemplate>>
  /** Every template on the account, every language, all pages. */
  list(): Promise<TemplateCallOutcome<RemoteTemplate[]>>
  /** Deletes one language of a template (by id) or every language (by name alone). */
  remove(name: string, providerTemplateId?: string): Promise<TemplateCallOutcome<null>>
}

export type TemplateCallOutcome<T> =
  | { kind: 'ok'; value: T }
  /** The provider refused: its code, subcode (e.g. 2388024 duplicate) and title are kept. */
  | { kind: 'refused'; error: ProviderError & { subcode?: string } }
  /** Trouble that may pass (network, 5xx, rate limit): try again later. */
  | { kind: 'retryable'; error: ProviderError }

export interface SubmittedTemplate {
  providerTemplateId: string
  status: TemplateStatus
  /** The category the provider filed it under: may differ from the one submitted (docs/platform.md §3.5). */
  category: TemplateCategory
}

/** A template as the provider has it. */
export interface RemoteTemplate {
  providerTemplateId: string
  definition: TemplateDefinition
  status: TemplateStatus
  /** The provider's own status word (e.g. `IN_APPEAL`, `FLAGGED`), for display. */
  providerStatus: string
  rejectedReason: string | null
  quality: string | null
  /** Set when the provider says the category should change (e.g. UTILITY → MARKETING, §3.5). */
  correctCategory: TemplateCategory | null
  /** The provider supplied it (its samples or template library) rather than the business writing it. */
  providerDefault: boolean
}

/** A template's review status changed at the provider (Meta: `message_template_status_update`). */
export interface TemplateStatusEvent {
  kind: 'template_status'
  providerTemplateId: string
  name: string
  language: string
  status: TemplateStatus
  providerStatus: string
  /** The provider's reason (`INVALID_FORMAT`, `TAG_CONTENT_MISMATCH`…); null when it gave none (`NONE`). */
  reason: string | null
  at: Instant
}

/** The provider moved a template to another category (Meta: `template_category_update`). */
export interface TemplateCategoryEvent {
  kind: 'template_category'
  providerTemplateId: string
  name: string
  language: string
  previousCategory: TemplateCategory | null
  newCategory: TemplateCategory
  at: Instant
}

/** A template's quality rating changed (Meta: `message_template_quality_update`). */
export interface TemplateQualityEvent {
  kind: 'template_quality'
  providerTemplateId: string
  name: string
  language: string
  previousQuality: string | null
  newQuality: string
  at: Instant
}

export type TemplateEvent = TemplateStatusEvent | TemplateCategoryEvent | TemplateQualityEvent
