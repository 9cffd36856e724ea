import { randomBytes } from 'node:crypto'
import { DelayQueue } from './delay-queue.js'
import { failure } from './errors.js'
import type { SandboxOptions } from './options.js'
import { SAMPLE_TEMPLATES } from './sample-templates.js'
import {
  templateView, type Category, type QualityScore, type RejectionReason, type SandboxTemplate, type StoredTemplate, type TemplateDraft,
  type TemplateOrigin, type TemplateSelector, type TemplateStatus,
} from './template-model.js'
import { parseDraft, parseEdit } from './template-parse.js'
import { reviewVerdict } from './template-review.js'
import { ownDraft, sampleDraft } from './template-seeds.js'
import { checkCreateRules, templateFailure } from './template-rules.js'
import { checkTemplateSend } from './template-send-check.js'
import { categoryUpdate, qualityUpdate, statusUpdate, type StatusEvent, type TemplateWebhookField } from './template-webhooks.js'
import type { TemplateCatalog, TemplateResolution, TemplateSendRequest } from './templates.js'
import { SandboxInputError } from './input-error.js'
import { Invalid } from './validate-helpers.js'

/**
 * The WABA's message templates (docs/platform.md §3): the state behind the management endpoints, the
 * review that moves a submission from PENDING to APPROVED or REJECTED after `templateReview.delayMs`,
 * the platform's later actions (pause for low quality, disable, re-categorise) and, as the
 * `TemplateCatalog`, the send-time checks (§1.6, §9 item 3). Every change is posted as the matching
 * webhook (§2.7) and kept in the template's history.
 */

export type PostChange = (field: TemplateWebhookField, value: object, atMs: number) => void

/** The store as the state file keeps it; `reviewsDueAt` holds the sandbox time each pending review ends. */
export interface SavedTemplates {
  idBase: number
  seq: number
  templates: StoredTemplate[]
  deleted: Array<{ name: string; language: string; at: number }>
  reviewsDueAt: Record<string, number>
}

const DAY_MS = 24 * 3600 * 1000
// §3.6: a deleted approved name (per language) cannot be reused for 30 days.
const NAME_BLOCK_MS = 30 * DAY_MS
const UNKNOWN_ID = (id: string) => templateFailure('Invalid parameter', `No message template with id ${id}.`)

export class TemplateStore implements TemplateCatalog {
  readonly #options: SandboxOptions
  readonly #post: PostChange
  readonly #byId = new Map<string, StoredTemplate>()
  readonly #byKey = new Map<string, StoredTemplate>()
  /** Deleted approved (name, language) → deletion time. */
  readonly #deleted = new Map<string, number>()
  readonly #reviews: DelayQueue<{ id: string; token: number }>
  // Ids are numeric strings that still fit a JSON number exactly (§0, §2.7): a random base per instance.
  #idBase = 1_000_000_000_000_000 + randomBytes(3).readUIntBE(0, 3) * 100_000_000
  #seq = 0

  constructor(options: SandboxOptions, post: PostChange, onReviewed: () => void) {
    this.#options = options
    this.#post = post
    this.#reviews = new DelayQueue(({ id, token }) => {
      const t = this.#byId.get(id)
      if (t && t.reviewToken === token && t.status === 'PENDING') this.#announce(t, this.#options.now ? this.#options.now() : Date.now())
      onReviewed()
    })
  }

  /** Reviews waiting for their delay. */
  get pendingReviews(): number {
    return this.#reviews.size
  }

  /** Empties the store and seeds Meta's samples and the configured own templates, all APPROVED. */
  seed(now: number): void {
    this.#reviews.clear()
    this.#byId.clear()
    this.#byKey.clear()
    this.#deleted.clear()
    const samples = this.#options.seedSampleTemplates ? SAMPLE_TEMPLATES.map(sampleDraft) : []
    for (const [origin, drafts] of [['sample', samples], ['own', this.#options.templates.map(ownDraft)]] as const) {
      for (const draft of drafts) {
        if (this.#byKey.has(key(draft.name, draft.language))) throw new Error(`sandbox templates: ${draft.name} (${draft.language}) is seeded twice`)
        const t = this.#insert(draft, origin, 'APPROVED', now)
        t.quality = { score: 'GREEN', at: now }
        this.#record(t, now, 'seeded', null)
      }
    }
  }

  /** `POST /{waba-id}/message_templates` → `{id, status, category}` (§3.1); refusals throw {@link Invalid}. */
  create(body: unknown, now: number): { id: string; status: TemplateStatus; category: Category } {
    const draft = parseDraft(body)
    checkCreateRules(draft)
    const k = key(draft.name, draft.language)
    if (this.#byKey.has(k)) {
      throw new Invalid(templateFailure('Content in this language already exists', `There is already ${draft.language} content for the template ${draft.name}.`, 2388024))
    }
    const deletedAt = this.#deleted.get(k)
    if (deletedAt !== undefined && now - deletedAt < NAME_BLOCK_MS) {
      // Subcode from Meta's error list as remembered, not in the platform doc: treat as unconfirmed.
      throw new Invalid(templateFailure('Message template language is being deleted', `${draft.language} content for ${draft.name} was deleted; the name can be reused 30 days after deletion.`, 2388023))
    }
    const names = new Set([...this.#byId.values()].map((t) => t.name))
    if (!names.has(draft.name) && names.size >= this.#options.maxTemplateNames) {
      throw new Invalid(templateFailure('Message template limit exceeded', `This WhatsApp Business Account already has ${names.size} template names.`, 2388019))
    }
    const t = this.#insert(draft, 'own', 'PENDING', now)
    this.#submit(t, now, 'submitted')
    return { id: t.id, status: t.status, category: t.category }
  }

  /** `POST /{template-id}` (§3.6): only APPROVED, REJECTED or PAUSED; components replaced; back to review. */
  edit(id: string, body: unknown, now: number): void {
    const t = this.#byId.get(id)
    if (!t) throw new Invalid(UNKNOWN_ID(id))
    if (t.status !== 'APPROVED' && t.status !== 'REJECTED' && t.status !== 'PAUSED') {
      throw new Invalid(templateFailure('Template cannot be edited', `A ${t.status} template cannot be edited; only APPROVED, REJECTED or PAUSED ones can.`))
    }
    const change = parseEdit(body, t)
    if (t.status === 'APPROVED' && change.category !== t.category) {
      throw new Invalid(templateFailure('Category cannot be changed', 'The category of an approved template cannot be changed.'))
    }
    const draft: TemplateDraft = { ...t, category: change.category, components: change.components ?? t.components }
    checkCreateRules(draft)
    if (t.status === 'APPROVED') {
      const recent = t.approvedEdits.filter((at) => now - at < 30 * DAY_MS)
      if (recent.some((at) => now - at < DAY_MS) || recent.length >= 10) {
        throw new Invalid(templateFailure('Edit limit reached', 'An approved template can be edited once in 24 hours and 10 times in 30 days.'))
      }
      t.approvedEdits = [...recent, now]
    }
    t.category = draft.category
    t.components = draft.components
    if (change.ttlSeconds !== undefined) t.ttlSeconds = change.ttlSeconds
    this.#submit(t, now, 'edited')
  }

  /** `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`: every language of the name, or the one id. */
  remove(name: string | null, hsmId: string | null, now: number): void {
    if (!name) throw new Invalid(templateFailure('Invalid parameter', 'The parameter name is required.'))
    const victims = [...this.#byId.values()].filter((t) => t.name === name && (hsmId === null || t.id === hsmId))
    if (victims.length === 0) throw new Invalid(templateFailure('Template not found', `No message template named ${name}${hsmId ? ` with id ${hsmId}` : ''}.`))
    const disabled = victims.find((t) => t.status === 'DISABLED')
    if (disabled) throw new Invalid(templateFailure('Template cannot be deleted', `The ${disabled.language} template ${name} is DISABLED and cannot be deleted.`))
    for (const t of victims) {
      if (t.status === 'APPROVED' || t.status === 'PAUSED') this.#deleted.set(key(t.name, t.language), now)
      this.#byId.delete(t.id)
      this.#byKey.delete(key(t.name, t.language))
    }
  }

  /** `POST /{template-id}/unpause`: a PAUSED template is APPROVED again. */
  unpause(id: string, now: number): void {
    const t = this.#byId.get(id)
    if (!t) throw new Invalid(UNKNOWN_ID(id))
    if (t.status !== 'PAUSED') throw new Invalid(templateFailure('Template is not paused', `The template is ${t.status}, not PAUSED.`))
    this.#setStatus(t, 'APPROVED', 'APPROVED', 'NONE', now, 'unpaused')
  }

  get(id: string): StoredTemplate | undefined {
    return this.#byId.get(id)
  }

  /** Every template, newest first (the listing's order). */
  list(): StoredTemplate[] {
    return [...this.#byId.values()].reverse()
  }

  /** Low quality (§3.3): quality RED, then PAUSED; the third pause disables the template. */
  pause(sel: TemplateSelector, now: number): SandboxTemplate {
    const t = this.#select(sel)
    if (t.status !== 'APPROVED') throw new SandboxInputError(`only an APPROVED template can be paused; ${t.name} (${t.language}) is ${t.status}`)
    this.#setQuality(t, 'RED', now)
    t.pauses++
    if (t.pauses >= 3) this.#setStatus(t, 'DISABLED', 'DISABLED', 'NONE', now, 'disabled')
    else this.#setStatus(t, 'PAUSED', 'PAUSED', 'NONE', now, 'paused')
    return templateView(t)
  }

  /** Disabled by the platform (§3.3): sends fail with 132016 and the template cannot be deleted. */
  disable(sel: TemplateSelector, now: number): SandboxTemplate {
    const t = this.#select(sel)
    if (t.status === 'DISABLED') throw new SandboxInputError(`${t.name} (${t.language}) is already DISABLED`)
    this.#setStatus(t, 'DISABLED', 'DISABLED', 'NONE', now, 'disabled')
    return templateView(t)
  }

  /** The platform's later re-categorisation (§3.5), announced with `template_category_update`. */
  recategorize(sel: TemplateSelector, category: Category, now: number): SandboxTemplate {
    const t = this.#select(sel)
    if (t.category === category) throw new SandboxInputError(`${t.name} (${t.language}) is already ${category}`)
    const previous = t.category
    t.previousCategory = previous
    t.category = category
    this.#record(t, now, 'recategorized', null)
    this.#post('template_category_update', categoryUpdate(t, previous, category), now)
    return templateView(t)
  }

  /** Announces every pending review now; returns how many. */
  finishReviews(now: number): number {
    const pending = [...this.#byId.values()].filter((t) => t.status === 'PENDING' && t.verdict !== null)
    for (const t of pending) this.#announce(t, now)
    this.#reviews.clear()
    return pending.length
  }

  views(): SandboxTemplate[] {
    return this.list().map(templateView)
  }

  close(): void {
    this.#reviews.clear()
  }

  /** A copy of everything, for the state file; `now` dates the pending reviews' ends. */
  save(now: number): SavedTemplates {
    const reviewsDueAt: Record<string, number> = {}
    for (const { remainingMs, item } of this.#reviews.entries()) {
      if (this.#byId.get(item.id)?.reviewToken === item.token) reviewsDueAt[item.id] = now + remainingMs
    }
    const deleted = [...this.#deleted].map(([k, at]) => {
      const [name, language] = k.split('\u0000') as [string, string]
      return { name, language, at }
    })
    return { idBase: this.#idBase, seq: this.#seq, templates: structuredClone([...this.#byId.values()]), deleted, reviewsDueAt }
  }

  /**
   * Replaces the store with a saved one. A pending review goes on for the time it had left; one
   * whose end passed while the sandbox was down (or that has no recorded end) is announced at once.
   */
  restore(saved: SavedTemplates, now: number): void {
    this.#reviews.clear()
    this.#byId.clear()
    this.#byKey.clear()
    this.#deleted.clear()
    this.#idBase = saved.idBase
    this.#seq = saved.seq
    for (const t of structuredClone(saved.templates)) {
      this.#byId.set(t.id, t)
      this.#byKey.set(key(t.name, t.language), t)
      if (t.status !== 'PENDING' || t.verdict === null) continue
      this.#reviews.push(Math.max(0, (saved.reviewsDueAt[t.id] ?? now) - now), { id: t.id, token: t.reviewToken })
    }
    for (const d of saved.deleted) this.#deleted.set(key(d.name, d.language), d.at)
  }

  /** The `TemplateCatalog` seat: 132001 unknown or not approved, 132015 paused, 132016 disabled, then the parameters. */
  resolve(req: TemplateSendRequest): TemplateResolution {
    const t = this.#byKey.get(key(req.name, req.languageCode))
    if (!t) return { ok: false, failure: failure(132001, `Template name ${req.name} does not exist in ${req.languageCode}.`) }
    if (t.status === 'PAUSED') return { ok: false, failure: failure(132015) }
    if (t.status === 'DISABLED') return { ok: false, failure: failure(132016) }
    if (t.status !== 'APPROVED') return { ok: false, failure: failure(132001, `Template ${req.name} (${req.languageCode}) is ${t.status}, not approved.`) }
    const problem = checkTemplateSend(t, req.components)
    if (problem) return { ok: false, failure: problem }
    return { ok: true, category: t.category === 'MARKETING' ? 'marketing' : t.category === 'UTILITY' ? 'utility' : 'authentication' }
  }

  #insert(draft: TemplateDraft, origin: TemplateOrigin, status: TemplateStatus, now: number): StoredTemplate {
    const t: StoredTemplate = {
      ...draft,
      id: String(this.#idBase + ++this.#seq),
      origin,
      status,
      rejectedReason: 'NONE',
      previousCategory: null,
      quality: { score: 'UNKNOWN', at: now },
      createdAt: now,
      pauses: 0,
      approvedEdits: [],
      verdict: null,
      reviewToken: 0,
      history: [],
    }
    this.#byId.set(t.id, t)
    this.#byKey.set(key(t.name, t.language), t)
    return t
  }

  /** Decides the verdict now (the create answer already shows the category) and announces it after the delay. */
  #submit(t: StoredTemplate, now: number, event: 'submitted' | 'edited'): void {
    const policy = this.#options.templateReview
    t.verdict = reviewVerdict(t, policy)
    t.status = 'PENDING'
    t.rejectedReason = 'NONE'
    t.reviewToken++
    if (t.verdict.kind === 'approve' && t.verdict.category !== t.category) {
      t.verdict.from = t.category
      t.previousCategory = t.category
      t.category = t.verdict.category
    }
    this.#record(t, now, event, null)
    if (policy.delayMs === 0) this.#announce(t, now)
    else this.#reviews.push(policy.delayMs, { id: t.id, token: t.reviewToken })
  }

  #announce(t: StoredTemplate, now: number): void {
    const verdict = t.verdict!
    t.verdict = null
    if (verdict.kind === 'reject') {
      this.#setStatus(t, 'REJECTED', 'REJECTED', verdict.reason, now, 'rejected')
      return
    }
    if (verdict.from !== undefined) {
      this.#record(t, now, 'recategorized', null)
      this.#post('template_category_update', categoryUpdate(t, verdict.from, t.category), now)
    }
    this.#setStatus(t, 'APPROVED', 'APPROVED', 'NONE', now, 'approved')
  }

  #setStatus(t: StoredTemplate, status: TemplateStatus, event: StatusEvent, reason: RejectionReason, now: number, what: string): void {
    t.status = status
    t.rejectedReason = status === 'REJECTED' ? reason : 'NONE'
    this.#record(t, now, what, reason)
    this.#post('message_template_status_update', statusUpdate(t, event, reason, now), now)
  }

  #setQuality(t: StoredTemplate, score: QualityScore, now: number): void {
    if (t.quality.score === score) return
    const previous = t.quality.score
    t.quality = { score, at: now }
    this.#post('message_template_quality_update', qualityUpdate(t, previous, score), now)
  }

  #record(t: StoredTemplate, at: number, event: string, reason: RejectionReason | null): void {
    t.history.push({ at, status: t.status, category: t.category, reason, event })
  }

  #select(sel: TemplateSelector): StoredTemplate {
    const t = 'id' in sel ? this.#byId.get(sel.id) : this.#byKey.get(key(sel.name, sel.language))
    if (!t) throw new SandboxInputError(`no template ${'id' in sel ? sel.id : `${sel.name} (${sel.language})`}`)
    return t
  }
}

function key(name: string, language: string): string {
  return `${name}\u0000${language}`
}
