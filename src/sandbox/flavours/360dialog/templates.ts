import type { StoredTemplate, TemplateStatus } from '../../template-model.js'
import { graphTemplate } from '../../template-listing.js'
import type { TemplateStore } from '../../template-store.js'
import { DIALOG360 } from './identity.js'

/**
 * 360dialog's template calls over the shared store (docs/platform.md §7.3): Meta's create body in,
 * each template out as 360dialog lists it (`name`, `namespace`, `language`, `category`,
 * `components`, `status` in lower case, `rejected_reason`), and the list wrapped in
 * `{count, filters, limit, offset, sort, total, waba_templates}`.
 */

/** 360dialog writes a template under review as `submitted` (§7.3). */
const STATUS: Record<TemplateStatus, string> = {
  PENDING: 'submitted',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  PAUSED: 'paused',
  DISABLED: 'disabled',
}

export function dialogTemplate(t: StoredTemplate): Record<string, unknown> {
  return {
    name: t.name,
    namespace: DIALOG360.namespace,
    language: t.language,
    category: t.category,
    components: graphTemplate(t, ['components']).components,
    status: STATUS[t.status],
    rejected_reason: t.rejectedReason,
    quality_score: { score: t.quality.score },
  }
}

const FILTER_KEYS = ['name', 'status', 'category', 'language'] as const

/**
 * `GET /v1/configs/templates?limit=&offset=&filters={…}`: every template (newest first), filtered
 * by exact `name` / `status` / `category` / `language` values, then paged; 1,000 per page by default.
 */
export function listTemplates(store: TemplateStore, query: URLSearchParams): Record<string, unknown> {
  const limit = clampInt(query.get('limit'), 1000, 0, 1000)
  const offset = clampInt(query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER)
  const filters = parseFilters(query.get('filters'))
  const all = store
    .list()
    .map(dialogTemplate)
    .filter((t) => FILTER_KEYS.every((k) => filters[k] === undefined || String(t[k]).toLowerCase() === filters[k]!.toLowerCase()))
  const page = all.slice(offset, offset + limit)
  return { count: page.length, filters, limit, offset, sort: ['id'], total: all.length, waba_templates: page }
}

function parseFilters(raw: string | null): Partial<Record<(typeof FILTER_KEYS)[number], string>> {
  if (!raw) return {}
  try {
    const parsed = JSON.parse(raw) as unknown
    if (typeof parsed !== 'object' || parsed === null) return {}
    const out: Partial<Record<(typeof FILTER_KEYS)[number], string>> = {}
    for (const k of FILTER_KEYS) {
      const v = (parsed as Record<string, unknown>)[k]
      if (typeof v === 'string') out[k] = v
    }
    return out
  } catch {
    return {}
  }
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number(raw)
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback
}
