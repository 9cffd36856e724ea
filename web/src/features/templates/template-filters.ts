import type { ManagedTemplate, TemplateListQuery, TemplateSort, TemplateStatus } from '../../api/types.ts'

export const STATUSES: readonly TemplateStatus[] = ['draft', 'submitted', 'pending', 'approved', 'rejected', 'paused', 'disabled', 'deleted']
export const SORTS: readonly TemplateSort[] = ['name', 'updated', 'usage', 'last_sent']
export const ORIGINS = ['own', 'provider', 'all'] as const

/** The page's filters as the operator set them; '' is "any". */
export interface TemplateFilters {
  status: TemplateStatus | ''
  origin: (typeof ORIGINS)[number]
  folder: string
  tag: string
  language: string
  search: string
  sort: TemplateSort
  order: 'asc' | 'desc'
}

/** Own templates by name: the provider's samples stay out of the way until asked for, as in the API. */
export const DEFAULT_FILTERS: TemplateFilters = { status: '', origin: 'own', folder: '', tag: '', language: '', search: '', sort: 'name', order: 'asc' }

/** The order a sort reads best in first: names A→Z, everything else newest or most first. */
export function naturalOrder(sort: TemplateSort): 'asc' | 'desc' {
  return sort === 'name' ? 'asc' : 'desc'
}

/** The filters as GET /v1/templates takes them (the server filters, sorts and counts). */
export function toQuery(filters: TemplateFilters, limit: number): TemplateListQuery {
  return {
    origin: filters.origin,
    sort: filters.sort,
    order: filters.order,
    limit,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.folder ? { folder: filters.folder } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.search.trim() ? { q: filters.search.trim() } : {}),
  }
}

/** The choices the filters offer: every folder, tag and language any template has. */
export interface Facets {
  folders: string[]
  tags: string[]
  languages: string[]
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b))

export function facetsOf(templates: readonly ManagedTemplate[]): Facets {
  return {
    // A folder filter takes in its sub-folders, so each parent is a choice of its own.
    folders: sorted(templates.flatMap((t) => (t.folder ? t.folder.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')) : []))),
    tags: sorted(templates.flatMap((t) => t.tags)),
    languages: sorted(templates.map((t) => t.language)),
  }
}
