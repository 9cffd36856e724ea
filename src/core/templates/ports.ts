import type { Instant } from '../shared/time.js'
import type { LintFinding } from './lint/finding.js'
import type { TemplateCategory, TemplateDefinition } from './model.js'
import type { TemplateStatus } from './status.js'

/** `own`: the business wrote it. `provider`: the provider's samples and library templates. */
export type TemplateOrigin = 'own' | 'provider'

/** A template as Parley keeps it: the definition plus where it stands with the provider. */
export interface TemplateRecord {
  id: string
  definition: TemplateDefinition
  status: TemplateStatus
  /** The provider's own status word (`IN_APPEAL`, `FLAGGED`…), for display. */
  providerStatus: string | null
  providerTemplateId: string | null
  origin: TemplateOrigin
  tags: string[]
  folder: string | null
  quality: string | null
  /** The platform's reason for the latest rejection or pause; null when it gave none. */
  rejectionReason: string | null
  /** Lint findings for the current definition. */
  lint: LintFinding[]
  createdAt: Instant
  updatedAt: Instant
  statusAt: Instant
}

export interface TemplateUsage {
  /** Messages the provider reported sent (or further). */
  sent: number
  delivered: number
  read: number
  /** Messages a user replied to (quoted it or tapped one of its buttons). */
  replied: number
  lastSentAt: Instant | null
}

export type TemplateEventKind = 'saved' | 'submitted' | 'refused' | 'status' | 'category' | 'quality' | 'deleted'

/** One entry of a template's history. */
export interface TemplateEventRecord {
  kind: TemplateEventKind
  status: TemplateStatus | null
  /** The platform's reason (`INVALID_FORMAT`, …) or error code; null when none was given. */
  reason: string | null
  /** Kind-specific facts: lint hints for a reason-less rejection, previous/new category, the provider's error… */
  detail: Record<string, unknown> | null
  source: 'api' | 'cli' | 'webhook' | 'sync'
  at: Instant
}

export const TEMPLATE_SORTS = ['name', 'updated', 'usage', 'last_sent'] as const
export type TemplateSort = (typeof TEMPLATE_SORTS)[number]

export interface TemplateQuery {
  statuses?: TemplateStatus[]
  language?: string
  category?: TemplateCategory
  tag?: string
  /** `own` by default: provider samples stay out of the way unless asked for. */
  origin: TemplateOrigin | 'all'
  folder?: string
  /** Case-insensitive text search over name and texts. */
  search?: string
  sort: TemplateSort
  order: 'asc' | 'desc'
  limit: number
  offset: number
}

export interface ListedTemplate {
  template: TemplateRecord
  usage: TemplateUsage
}

/**
 * When Parley last had the provider's whole template list. Until a first success, a template not
 * found may simply not be loaded yet: the answer is then "retry", not "no such template".
 */
export interface TemplateSyncRecord {
  lastSyncedAt(): Promise<Instant | null>
  /** The account the last successful sync read (null before the first, or from before accounts were recorded). */
  lastAccount(): Promise<string | null>
  recordSynced(at: Instant, account: string): Promise<void>
}

/** Persistence of templates and their history. */
export interface TemplateStore {
  get(name: string, language: string): Promise<TemplateRecord | null>
  getByProviderId(providerTemplateId: string): Promise<TemplateRecord | null>
  /** Every language of one template name. */
  family(name: string): Promise<TemplateRecord[]>
  /** Every template (for sync and for lint's near-duplicate check). */
  all(): Promise<TemplateRecord[]>
  list(query: TemplateQuery): Promise<{ items: ListedTemplate[]; total: number }>
  usage(name: string, language: string): Promise<TemplateUsage>
  events(templateId: string): Promise<Array<TemplateEventRecord & { recordedAt: Instant }>>
  /** Inserts or updates the record and appends its new history entries, in one transaction. */
  save(record: TemplateRecord, events: TemplateEventRecord[], now: Instant): Promise<void>
}
