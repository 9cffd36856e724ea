import type { RemoteTemplate } from '../../core/providers/templates.js'
import { TEMPLATE_CATEGORIES, type TemplateButton, type TemplateCategory, type TemplateDefinition, type TemplateHeader } from '../../core/templates/model.js'
import type { TemplateStatus } from '../../core/templates/status.js'

/*
 * Parley's template model ↔ Twilio's Content API (docs/platform.md §7.2): a Content resource
 * (`HX…` sid, `friendly_name`, `language`, `variables` doubling as review samples, `types`) and its
 * WhatsApp approval request (`name`, `category`, `status`, `rejection_reason`).
 */

/** A Content resource with its WhatsApp approval, as the adapter keeps it. */
export interface TwilioContent {
  sid: string
  /** The WhatsApp template name (the approval's `name`, else `friendly_name`). */
  name: string
  friendlyName: string
  language: string
  /** Twilio's approval status word, lowercase; `unsubmitted` when WhatsApp never saw it. */
  approvalStatus: string
  category: TemplateCategory | null
  rejectionReason: string | null
  variables: Record<string, string>
  types: Record<string, unknown>
}

/** The `POST /v1/Content` body for a template, or why Twilio cannot hold it as `twilio/text` / `twilio/media`. */
export function contentCreateBody(template: TemplateDefinition): { ok: true; body: Record<string, unknown> } | { ok: false; problem: string } {
  if (template.footer !== null) return { ok: false, problem: 'a footer' }
  if (template.buttons.length > 0) return { ok: false, problem: 'buttons' }
  const header = template.header
  if (header !== null && (header.format === 'text' || header.format === 'location')) return { ok: false, problem: `a ${header.format} header` }
  // Twilio reads `variables` as the default values and the samples WhatsApp reviews.
  const common = { friendly_name: template.name, language: template.language, variables: { ...template.body.examples } }
  if (header === null) return { ok: true, body: { ...common, types: { 'twilio/text': { body: template.body.text } } } }
  if (header.example === null) return { ok: false, problem: 'a media header without a sample file (WhatsApp reviews the sample)' }
  return { ok: true, body: { ...common, types: { 'twilio/media': { body: template.body.text, media: [header.example] } } } }
}

/** The `POST /v1/Content/{sid}/ApprovalRequests/whatsapp` body: WhatsApp's name and category. */
export function approvalRequestBody(template: TemplateDefinition): Record<string, string> {
  return { name: template.name, category: template.category }
}

/**
 * Twilio's approval words in Parley's lifecycle. `received` means Twilio has it and WhatsApp has not
 * started its review (→ submitted). A Map: a word must not find Object.prototype.
 */
const STATUSES: ReadonlyMap<string, TemplateStatus> = new Map<string, TemplateStatus>([
  ['received', 'submitted'],
  ['pending', 'pending'],
  ['approved', 'approved'],
  ['rejected', 'rejected'],
  ['paused', 'paused'],
  ['disabled', 'disabled'],
])

/** Parley's status for a Twilio approval word; an unknown word is taken as still in review. */
export function approvalStatusOf(word: string): TemplateStatus {
  return STATUSES.get(word.toLowerCase()) ?? 'pending'
}

/** Legacy WhatsApp categories Twilio still reports (TRANSACTIONAL, OTP) in today's three. */
export function categoryOf(word: unknown): TemplateCategory | null {
  if (typeof word !== 'string') return null
  const upper = word.toUpperCase()
  if (upper === 'TRANSACTIONAL') return 'UTILITY'
  if (upper === 'OTP') return 'AUTHENTICATION'
  return TEMPLATE_CATEGORIES.find((category) => category === upper) ?? null
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/**
 * The WhatsApp approval of a Content resource. Public code reads `approval_requests` both flat
 * (`{status, name, …}`) and keyed by channel (`{whatsapp: {…}}`), so both are accepted.
 */
function whatsappApproval(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'object' || raw === null) return null
  const keyed = (raw as { whatsapp?: unknown }).whatsapp
  if (typeof keyed === 'object' && keyed !== null) return keyed as Record<string, unknown>
  if (Array.isArray(raw)) return (raw.find((r) => typeof r === 'object' && r !== null && ((r as { type?: unknown }).type === 'whatsapp' || 'status' in r)) as Record<string, unknown> | undefined) ?? null
  return 'status' in raw ? (raw as Record<string, unknown>) : null
}

/** Reads one item of `GET /v1/ContentAndApprovals` (or a Content resource); `undefined` without a sid. */
export function readContent(raw: unknown): TwilioContent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const r = raw as Record<string, unknown>
  const sid = text(r.sid)
  if (sid === null) return undefined
  const approval = whatsappApproval(r.approval_requests)
  const friendlyName = text(r.friendly_name) ?? ''
  const variables: Record<string, string> = {}
  if (typeof r.variables === 'object' && r.variables !== null) {
    for (const [key, value] of Object.entries(r.variables)) if (typeof value === 'string' || typeof value === 'number') variables[key] = String(value)
  }
  return {
    sid,
    name: text(approval?.name) ?? friendlyName,
    friendlyName,
    language: text(r.language) ?? '',
    approvalStatus: (text(approval?.status) ?? 'unsubmitted').toLowerCase(),
    category: categoryOf(approval?.category),
    rejectionReason: text(approval?.rejection_reason),
    variables,
    types: typeof r.types === 'object' && r.types !== null ? (r.types as Record<string, unknown>) : {},
  }
}

/** Types whose `body` is the template's text, most WhatsApp-like first. */
const BODY_TYPES = ['twilio/text', 'twilio/media', 'twilio/quick-reply', 'twilio/call-to-action', 'whatsapp/card'] as const

/**
 * A Content resource as a Parley template, or null when it has no text body Parley can model
 * (a location, a carousel, a list picker): such content is not a template a sync could keep.
 */
export function remoteTemplateOf(content: TwilioContent): RemoteTemplate | null {
  const kind = BODY_TYPES.find((type) => text((content.types[type] as { body?: unknown } | undefined)?.body) !== null)
  if (kind === undefined) return null
  const type = content.types[kind] as { body: string; media?: unknown; actions?: unknown; footer?: unknown }
  const used = [...type.body.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]!)
  const examples = Object.fromEntries(used.filter((key) => key in content.variables).map((key) => [key, content.variables[key]!]))
  const definition: TemplateDefinition = {
    name: content.name,
    language: content.language,
    // Content that WhatsApp never categorised is filed as the mildest category.
    category: content.category ?? 'UTILITY',
    parameterFormat: used.every((key) => /^\d+$/.test(key)) ? 'positional' : 'named',
    header: mediaHeader(type.media),
    body: { text: type.body, examples },
    footer: text(type.footer),
    buttons: buttonsOf(type.actions),
  }
  return {
    providerTemplateId: content.sid,
    definition,
    status: approvalStatusOf(content.approvalStatus),
    providerStatus: content.approvalStatus,
    rejectedReason: content.rejectionReason,
    quality: null,
    correctCategory: null,
    providerDefault: false,
  }
}

/** A media URL's kind by its file extension, the way WhatsApp shows it. */
function mediaHeader(media: unknown): TemplateHeader | null {
  const link = Array.isArray(media) ? text(media[0]) : null
  if (link === null) return null
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(link)?.[1]?.toLowerCase() ?? ''
  const format = ['jpg', 'jpeg', 'png', 'webp'].includes(extension) ? 'image' : ['mp4', '3gp'].includes(extension) ? 'video' : 'document'
  return { format, example: link }
}

/** Content `actions` as template buttons; kinds Parley does not model are left out. */
function buttonsOf(actions: unknown): TemplateButton[] {
  if (!Array.isArray(actions)) return []
  return actions.flatMap((raw): TemplateButton[] => {
    const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const title = text(a.title) ?? ''
    switch (typeof a.type === 'string' ? a.type.toUpperCase() : 'QUICK_REPLY') {
      case 'QUICK_REPLY':
        return title ? [{ type: 'quick_reply', text: title }] : []
      case 'URL':
        return text(a.url) ? [{ type: 'url', text: title, url: text(a.url)!, example: null }] : []
      case 'PHONE_NUMBER':
        return text(a.phone) ? [{ type: 'phone_number', text: title, phoneNumber: text(a.phone)! }] : []
      case 'COPY_CODE':
        return [{ type: 'copy_code', example: text(a.code) ?? '' }]
      default:
        return []
    }
  })
}
