import type { StoredTemplate } from '../../template-model.js'
import type { TemplateStore } from '../../template-store.js'
import { Invalid } from '../../validate-helpers.js'
import { contentMediaUrl, contentOf, sessionContent, templateDefinition, type ContentTypes } from './content-translate.js'
import { contentSidOf, type TwilioIds } from './twilio-ids.js'

/**
 * Twilio's Content templates over the shared template store (docs/platform.md §7.2). A Content
 * created with `POST /v1/Content` is a draft of the Twilio account until it is submitted for
 * WhatsApp approval; then it becomes a template in the store, reviewed there like any other, and
 * its approval status is the store template's. Every store template without a draft (the seeds such
 * as `order_update`, templates made through another flavour) is shown as a Content too, under a SID
 * derived from its name and language. A draft never submitted sends as a session message, as on Twilio.
 */

export type ApprovalStatus = 'unsubmitted' | 'received' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled'

export interface Approval {
  name: string
  category: string
  contentType: string
  status: ApprovalStatus
  rejectionReason: string
  allowCategoryChange: boolean
}

export interface ContentEntry {
  sid: string
  friendlyName: string
  language: string
  variables: Record<string, string>
  types: ContentTypes
  createdAt: number
  updatedAt: number
  approval: Approval
}

/** A draft as the store keeps it (and the state file would). */
export interface ContentDraft {
  sid: string
  friendlyName: string
  language: string
  variables: Record<string, string>
  types: ContentTypes
  createdAt: number
  updatedAt: number
  /** Set once submitted: the store template it became, or why the store refused it. */
  submission: { name: string; category: string; allowCategoryChange: boolean; templateId: string | null; refusal: string | null } | null
}

/** What a send with a ContentSid goes out as. */
export type ContentSend =
  | { kind: 'template'; template: StoredTemplate; defaults: Record<string, string>; mediaUrl: string | null; body: string }
  | { kind: 'session'; body: string; mediaUrl: string | null; defaults: Record<string, string> }

export class ContentInputError extends Error {}

export class ContentStore {
  readonly #templates: TemplateStore
  readonly #ids: TwilioIds
  #drafts = new Map<string, ContentDraft>()

  constructor(templates: TemplateStore, ids: TwilioIds) {
    this.#templates = templates
    this.#ids = ids
  }

  /** `POST /v1/Content` `{friendly_name?, language, variables?, types}`. */
  create(body: unknown, now: number): ContentEntry {
    if (!isRecord(body)) throw new ContentInputError('The request body must be a JSON object.')
    const { friendly_name: friendlyName = '', language, variables = {}, types } = body
    if (typeof language !== 'string' || language === '') throw new ContentInputError('language is required.')
    if (!isRecord(types) || Object.keys(types).length === 0) throw new ContentInputError('types is required: at least one content type such as twilio/text.')
    if (typeof friendlyName !== 'string') throw new ContentInputError('friendly_name must be a string.')
    if (!isRecord(variables) || Object.values(variables).some((v) => typeof v !== 'string')) throw new ContentInputError('variables must map names to strings.')
    const draft: ContentDraft = {
      sid: this.#ids.next('HX'),
      friendlyName,
      language,
      variables: { ...(variables as Record<string, string>) },
      types: structuredClone(types),
      createdAt: now,
      updatedAt: now,
      submission: null,
    }
    this.#drafts.set(draft.sid, draft)
    return this.#entryOfDraft(draft)
  }

  /** Every Content, newest first: drafts and the store's templates that no draft stands for. */
  list(): ContentEntry[] {
    const linked = new Set([...this.#drafts.values()].map((d) => d.submission?.templateId).filter((id): id is string => !!id))
    const fromStore = this.#templates.list().filter((t) => !linked.has(t.id)).map((t) => this.#entryOfTemplate(t))
    const drafts = [...this.#drafts.values()].map((d) => this.#entryOfDraft(d))
    return [...drafts, ...fromStore].sort((a, b) => b.createdAt - a.createdAt)
  }

  get(sid: string): ContentEntry | null {
    const draft = this.#drafts.get(sid)
    if (draft) return this.#entryOfDraft(draft)
    const t = this.#templateBySid(sid)
    return t ? this.#entryOfTemplate(t) : null
  }

  /** `DELETE /v1/Content/{sid}`: the draft and the store template it became go (a DISABLED template cannot be deleted). */
  delete(sid: string, now: number): boolean {
    const draft = this.#drafts.get(sid)
    const t = draft?.submission?.templateId ? this.#templates.get(draft.submission.templateId) : this.#templateBySid(sid)
    if (t) {
      try {
        this.#templates.remove(t.name, t.id, now)
      } catch (e) {
        if (e instanceof Invalid) throw new ContentInputError(e.failure.userMsg ?? e.failure.details ?? 'The template cannot be deleted.')
        throw e
      }
    }
    if (draft) this.#drafts.delete(sid)
    return Boolean(draft || t)
  }

  /**
   * `POST /v1/Content/{sid}/ApprovalRequests/whatsapp` `{name, category, allow_category_change?}`:
   * the Content becomes a template of the store, in review; one the store refuses outright is
   * rejected with the store's reason. Null when there is no such Content.
   */
  submit(sid: string, body: unknown, now: number): Approval | null {
    if (!isRecord(body)) throw new ContentInputError('The request body must be a JSON object.')
    const { name, category, allow_category_change: allow = false } = body
    if (typeof name !== 'string' || name === '') throw new ContentInputError('name is required.')
    if (typeof category !== 'string' || category === '') throw new ContentInputError('category is required.')
    if (typeof allow !== 'boolean') throw new ContentInputError('allow_category_change must be a boolean.')
    const draft = this.#drafts.get(sid)
    if (!draft) {
      if (this.#templateBySid(sid)) throw new ContentInputError('This Content has already been submitted for WhatsApp approval.')
      return null
    }
    if (draft.submission?.templateId && this.#templates.get(draft.submission.templateId)) {
      throw new ContentInputError('This Content has already been submitted for WhatsApp approval.')
    }
    const definition = templateDefinition(draft, name, category)
    let templateId: string | null = null
    let refusal: string | null = null
    if (!definition.ok) refusal = `INVALID_FORMAT. ${definition.problem}`
    else {
      try {
        templateId = this.#templates.create(definition.value, now).id
      } catch (e) {
        if (!(e instanceof Invalid)) throw e
        // Twilio passes Meta's refusal on as a rejection with Meta's words (§7.2).
        refusal = `INVALID_FORMAT. ${e.failure.userMsg ?? e.failure.details ?? e.failure.message ?? `error ${e.failure.code}`}`
      }
    }
    draft.submission = { name, category: category.toUpperCase(), allowCategoryChange: allow, templateId, refusal }
    draft.updatedAt = now
    const approval = this.#entryOfDraft(draft).approval
    // The create answer says the request was received, whatever the review decides later.
    return { ...approval, status: approval.status === 'pending' ? 'received' : approval.status }
  }

  /** What a send naming `sid` goes out as, or null for an unknown SID. */
  forSend(sid: string): ContentSend | null {
    const draft = this.#drafts.get(sid)
    const t = draft ? (draft.submission?.templateId ? (this.#templates.get(draft.submission.templateId) ?? null) : null) : this.#templateBySid(sid)
    const entry = draft ? this.#entryOfDraft(draft) : t ? this.#entryOfTemplate(t) : null
    if (!entry) return null
    const mediaUrl = contentMediaUrl(entry.types)
    const session = sessionContent(entry.types)
    if (t) return { kind: 'template', template: t, defaults: entry.variables, mediaUrl, body: session?.body ?? '' }
    return session ? { kind: 'session', body: session.body, mediaUrl: session.mediaUrl, defaults: entry.variables } : null
  }

  /** Drafts, for the state file. */
  save(): ContentDraft[] {
    return [...this.#drafts.values()].map((d) => structuredClone(d))
  }

  restore(drafts: ContentDraft[]): void {
    this.#drafts = new Map(drafts.map((d) => [d.sid, structuredClone(d)]))
  }

  clear(): void {
    this.#drafts.clear()
  }

  #templateBySid(sid: string): StoredTemplate | null {
    return this.#templates.list().find((t) => contentSidOf(t) === sid) ?? null
  }

  #entryOfDraft(d: ContentDraft): ContentEntry {
    const base = { sid: d.sid, friendlyName: d.friendlyName, language: d.language, variables: { ...d.variables }, types: structuredClone(d.types), createdAt: d.createdAt, updatedAt: d.updatedAt }
    const s = d.submission
    const t = s?.templateId ? this.#templates.get(s.templateId) : undefined
    const contentType = richestType(d.types)
    if (!s) return { ...base, approval: { name: '', category: '', contentType: '', status: 'unsubmitted', rejectionReason: '', allowCategoryChange: false } }
    if (!t) {
      const status = s.refusal ? 'rejected' : 'unsubmitted'
      return { ...base, approval: { name: s.name, category: s.category, contentType, status, rejectionReason: s.refusal ?? '', allowCategoryChange: s.allowCategoryChange } }
    }
    return { ...base, updatedAt: Math.max(d.updatedAt, lastChange(t)), approval: approvalOf(t, contentType, s.allowCategoryChange) }
  }

  #entryOfTemplate(t: StoredTemplate): ContentEntry {
    const { types, variables } = contentOf(t)
    return {
      sid: contentSidOf(t),
      friendlyName: t.name,
      language: t.language,
      variables,
      types,
      createdAt: t.createdAt,
      updatedAt: lastChange(t),
      approval: approvalOf(t, richestType(types), false),
    }
  }
}

function approvalOf(t: StoredTemplate, contentType: string, allowCategoryChange: boolean): Approval {
  const status: ApprovalStatus =
    t.status === 'PENDING' ? 'pending' : t.status === 'APPROVED' ? 'approved' : t.status === 'REJECTED' ? 'rejected' : t.status === 'PAUSED' ? 'paused' : 'disabled'
  return {
    name: t.name,
    category: t.category,
    contentType,
    status,
    rejectionReason: status === 'rejected' ? (t.rejectedReason === 'NONE' ? 'REJECTED' : t.rejectedReason) : '',
    allowCategoryChange,
  }
}

function richestType(types: ContentTypes): string {
  for (const name of ['twilio/quick-reply', 'twilio/media', 'twilio/text']) if (name in types) return name
  return Object.keys(types)[0] ?? ''
}

function lastChange(t: StoredTemplate): number {
  return t.history.at(-1)?.at ?? t.createdAt
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
