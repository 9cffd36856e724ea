import type { StoredTemplate } from './template-model.js'
import { templateFailure } from './template-rules.js'
import { Invalid } from './validate-helpers.js'

/**
 * How templates read through Graph (docs/platform.md §3.1, §3.2): the `fields` a caller asks for, the
 * list filters and cursor paging (`{data, paging:{cursors:{before,after}, next}}`).
 *
 * Without `fields`, Graph answers the set real listings show: name, parameter_format, components,
 * language, status, category and id. `id` is always included. The list is newest first; cursors
 * are opaque (the sandbox encodes a template id), so paging survives creates and deletes.
 */

const KNOWN_FIELDS = [
  'id', 'name', 'language', 'status', 'category', 'sub_category', 'previous_category', 'correct_category', 'parameter_format',
  'components', 'quality_score', 'rejected_reason', 'message_send_ttl_seconds', 'library_template_name', 'cta_url_link_tracking_opted_out',
] as const
const DEFAULT_FIELDS = ['name', 'parameter_format', 'components', 'language', 'status', 'category'] as const
const DEFAULT_LIMIT = 25
const MAX_LIMIT = 1000

/** `fields=a,b` → the list, or null for the default set; unknown fields are refused like Graph does. */
export function parseFields(raw: string | null): string[] | null {
  if (raw === null || raw.trim() === '') return null
  const fields = raw.split(',').map((f) => f.trim()).filter((f) => f !== '')
  const unknown = fields.find((f) => !(KNOWN_FIELDS as readonly string[]).includes(f))
  if (unknown) {
    throw new Invalid({ code: 100, message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (WhatsAppMessageTemplate)`, details: `Unknown field ${unknown}.` })
  }
  return fields
}

/** The template as Graph returns it, with the requested fields (absent ones, like an unset TTL, are left out). */
export function graphTemplate(t: StoredTemplate, fields: readonly string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields ?? DEFAULT_FIELDS) {
    const value = fieldValue(t, f)
    if (value !== undefined) out[f] = value
  }
  out.id = t.id
  return out
}

function fieldValue(t: StoredTemplate, field: string): unknown {
  switch (field) {
    case 'id':
      return t.id
    case 'name':
      return t.name
    case 'language':
      return t.language
    case 'status':
      return t.status
    case 'category':
      return t.category
    case 'previous_category':
      return t.previousCategory ?? undefined
    case 'parameter_format':
      return t.parameterFormat
    case 'components':
      return structuredClone(t.components)
    case 'quality_score':
      return { score: t.quality.score, date: Math.floor(t.quality.at / 1000) }
    case 'rejected_reason':
      return t.rejectedReason
    case 'message_send_ttl_seconds':
      return t.ttlSeconds
    default:
      // sub_category, correct_category, library_template_name, cta_url_…: never set by the sandbox.
      return undefined
  }
}

export interface ListQuery {
  status: string | null
  category: string | null
  language: string | null
  name: string | null
  nameOrContent: string | null
  limit: string | null
  after: string | null
  before: string | null
}

export interface ListPage {
  data: StoredTemplate[]
  /** Cursor of the first and last item, and whether items exist before / after this page. */
  first: string | null
  last: string | null
  hasNext: boolean
  hasPrevious: boolean
}

/** Filters and pages `all` (newest first). Status and category filters take comma-separated values, any case. */
export function listPage(all: StoredTemplate[], q: ListQuery): ListPage {
  const limit = q.limit === null ? DEFAULT_LIMIT : Number(q.limit)
  if (!Number.isInteger(limit) || limit < 1) throw new Invalid(templateFailure('Invalid parameter', 'Param limit must be a positive integer.'))
  const take = Math.min(limit, MAX_LIMIT)
  const oneOf = (raw: string | null) => (raw === null ? null : new Set(raw.split(',').map((s) => s.trim().toUpperCase())))
  const statuses = oneOf(q.status)
  const categories = oneOf(q.category)
  const needle = q.nameOrContent?.toLowerCase() ?? null
  const matching = all.filter(
    (t) =>
      (statuses === null || statuses.has(t.status)) &&
      (categories === null || categories.has(t.category)) &&
      (q.language === null || t.language === q.language) &&
      (q.name === null || t.name === q.name) &&
      (needle === null || t.name.includes(needle) || t.components.some((c) => c.type !== 'BUTTONS' && (c.text ?? '').toLowerCase().includes(needle))),
  )
  let start = 0
  let end: number
  if (q.after !== null) {
    const id = cursorId(q.after)
    start = matching.findIndex((t) => BigInt(t.id) < id)
    if (start === -1) start = matching.length
    end = Math.min(matching.length, start + take)
  } else if (q.before !== null) {
    const id = cursorId(q.before)
    end = matching.findIndex((t) => BigInt(t.id) <= id)
    if (end === -1) end = matching.length
    start = Math.max(0, end - take)
  } else {
    end = Math.min(matching.length, take)
  }
  const data = matching.slice(start, end)
  return {
    data,
    first: data.length > 0 ? cursorOf(data[0]!.id) : null,
    last: data.length > 0 ? cursorOf(data.at(-1)!.id) : null,
    hasNext: end < matching.length,
    hasPrevious: start > 0,
  }
}

function cursorOf(id: string): string {
  return Buffer.from(`tpl:${id}`).toString('base64url')
}

function cursorId(cursor: string): bigint {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const m = /^tpl:(\d+)$/.exec(text)
  if (!m) throw new Invalid(templateFailure('Invalid parameter', 'The paging cursor is not valid.'))
  return BigInt(m[1]!)
}
