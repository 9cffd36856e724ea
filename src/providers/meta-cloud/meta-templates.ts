import type { RemoteTemplate, SubmittedTemplate, TemplateCallOutcome, TemplateManager } from '../../core/providers/templates.js'
import type { TemplateDefinition } from '../../core/templates/model.js'
import type { HttpClient } from '../http-client.js'
import { callGraph, type GraphConfig, type GraphFailure } from './meta-graph.js'
import { templateCreateBody, templateEditBody } from './meta-template-body.js'
import { readMetaTemplate } from './meta-template-read.js'
import { templateCategoryOf, templateStatusOf } from './meta-template-status.js'

/** The config a template manager needs: Graph access and the WhatsApp Business Account that owns the templates. */
export type MetaTemplateConfig = GraphConfig & { wabaId: string }

/** Everything the template object has that Parley reads (docs/platform.md §3.2); `id` comes with every Graph node. */
export const TEMPLATE_FIELDS = 'id,name,language,status,category,correct_category,parameter_format,components,quality_score,rejected_reason,library_template_name'
/** Templates per page: Meta's default is 25; fewer pages means fewer calls against the hourly budget (§1.1). */
const PAGE_SIZE = 100
/** A guard against a paging loop, far above any WABA's template cap (§3.6). */
const MAX_PAGES = 1000

/** Templates on one WhatsApp Business Account, through the Graph management API (platform doc §3.1). */
export function createMetaTemplateManager(config: MetaTemplateConfig, http: HttpClient): TemplateManager {
  const waba = encodeURIComponent(config.wabaId)
  return {
    async submit(template) {
      const answer = await callGraph(config, http, 'POST', `${waba}/message_templates`, templateCreateBody(template))
      if (!answer.ok) return answer.failure
      return readSubmitAnswer(answer.json, null, template)
    },

    async edit(providerTemplateId, template) {
      const answer = await callGraph(config, http, 'POST', encodeURIComponent(providerTemplateId), templateEditBody(template))
      if (!answer.ok) return answer.failure
      const json = answer.json as { success?: unknown } | undefined
      if (json?.success === false) return { kind: 'refused', error: { code: 'unsuccessful', title: 'Meta answered the edit with success: false' } }
      return readSubmitAnswer(answer.json, providerTemplateId, template)
    },

    async list() {
      const first = `${waba}/message_templates?${new URLSearchParams({ fields: TEMPLATE_FIELDS, limit: String(PAGE_SIZE) })}`
      const templates: RemoteTemplate[] = []
      const seen = new Set<string>()
      let url = first
      for (;;) {
        if (seen.size >= MAX_PAGES || seen.has(url)) return unreadable('refused', `paging did not end after ${seen.size} pages`)
        seen.add(url)
        const answer = await callGraph(config, http, 'GET', url)
        if (!answer.ok) return answer.failure
        const read = readPage(answer.json)
        if (!read.ok) return unreadable(read.kind, read.problem)
        templates.push(...read.templates)
        if (read.paging === null) break
        const next = nextPage(first, read.paging, config.baseUrl)
        if (next === undefined) return unreadable('refused', 'paging.next points away from the configured Graph origin and has no cursor')
        url = next
      }
      return { kind: 'ok', value: templates }
    },

    async remove(name, providerTemplateId) {
      const query = new URLSearchParams({ name, ...(providerTemplateId === undefined ? {} : { hsm_id: providerTemplateId }) })
      const answer = await callGraph(config, http, 'DELETE', `${waba}/message_templates?${query}`)
      if (!answer.ok) return answer.failure
      const json = answer.json as { success?: unknown } | undefined
      if (json?.success === false) return { kind: 'refused', error: { code: 'unsuccessful', title: 'Meta answered the delete with success: false' } }
      return { kind: 'ok', value: null }
    },
  }
}

/**
 * Create answers `{id, status, category}`; edit answers `{success: true}` (newer versions may add
 * the same fields). The category Meta gives wins over the submitted one (§3.5: UTILITY may be
 * approved as MARKETING); an edit without a status is back in review.
 */
export function readSubmitAnswer(json: unknown, knownId: string | null, template: TemplateDefinition): TemplateCallOutcome<SubmittedTemplate> {
  const r = (typeof json === 'object' && json !== null ? json : {}) as { id?: unknown; status?: unknown; category?: unknown }
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : knownId
  // The template may exist now; a second submit would be refused as a duplicate, and a list finds it.
  if (!id) return unreadable('retryable', 'the create answer has no template id')
  const status = (typeof r.status === 'string' ? templateStatusOf(r.status) : undefined) ?? 'pending'
  return { kind: 'ok', value: { providerTemplateId: id, status, category: templateCategoryOf(r.category) ?? template.category } }
}

type Page = { ok: true; templates: RemoteTemplate[]; paging: Paging | null } | { ok: false; kind: GraphFailure['kind']; problem: string }
type Paging = { next: string; cursor: string | null }

/**
 * One page of `{data: [...], paging: {cursors: {before, after}, next}}`. Any template that cannot
 * be read fails the whole list: a list missing a template would tell a sync it was deleted.
 */
function readPage(json: unknown): Page {
  const page = json as { data?: unknown; paging?: { next?: unknown; cursors?: { after?: unknown } } } | undefined
  // A page of another shape is likelier a proxy's glitch than Meta's answer: worth another try.
  if (!Array.isArray(page?.data)) return { ok: false, kind: 'retryable', problem: 'a page without a data array' }
  const templates: RemoteTemplate[] = []
  for (const raw of page.data) {
    const read = readMetaTemplate(raw)
    if (!read.ok) return { ok: false, kind: 'refused', problem: read.problem }
    templates.push(read.template)
  }
  // Meta leaves `next` out on the last page; a cursor alone does not mean there is more.
  const next = typeof page.paging?.next === 'string' && page.paging.next !== '' ? page.paging.next : null
  const cursor = typeof page.paging?.cursors?.after === 'string' && page.paging.cursors.after !== '' ? page.paging.cursors.after : null
  return { ok: true, templates, paging: next === null ? null : { next, cursor } }
}

/**
 * The next page's URL. Built from our own first URL and the `after` cursor rather than taken from
 * `next`: `next` names Graph's public host (wrong behind a proxy or in the sandbox) and must not
 * be trusted to receive the token elsewhere. Without a cursor, `next` is followed on our origin only.
 */
function nextPage(first: string, paging: Paging, baseUrl: string): string | undefined {
  if (paging.cursor !== null) return `${first}&${new URLSearchParams({ after: paging.cursor })}`
  return originOf(paging.next) === originOf(baseUrl) ? paging.next : undefined
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

function unreadable(kind: GraphFailure['kind'], problem: string): GraphFailure {
  return { kind, error: { code: 'unreadable_response', title: 'Meta answered with something Parley cannot read', detail: problem } }
}
