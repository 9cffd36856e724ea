import type { RemoteTemplate, TemplateCallOutcome, TemplateManager } from '../../core/providers/templates.js'
import type { HttpClient } from '../http-client.js'
import { callManagement, type GraphFailure } from '../meta-cloud/meta-graph.js'
import { templateCreateBody } from '../meta-cloud/meta-template-body.js'
import { readMetaTemplate } from '../meta-cloud/meta-template-read.js'
import { readSubmitAnswer } from '../meta-cloud/meta-templates.js'
import { d360Management, type ResolvedD360Account } from './360dialog-account.js'

/** Templates per page; 360dialog pages by `limit` and `offset` (docs/platform.md §7.3). */
const PAGE_SIZE = 1000
/** A guard against a paging loop, far above any WABA's template cap (§3.6). */
const MAX_PAGES = 100

/**
 * 360dialog lists templates without an id (docs/platform.md §7.3): a template is its name and
 * language there, so that pair is Parley's id for it — in lists, create answers and webhooks alike,
 * so that a sync and a status webhook never name one template two ways.
 */
export function d360TemplateId(name: string, language: string): string {
  return `${name}:${language}`
}

/** A 360dialog template entry with the id Parley knows it by, whatever id (if any) it carries. */
function withId(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  const { name, language } = raw as { name?: unknown; language?: unknown }
  return typeof name === 'string' && typeof language === 'string' && name !== '' && language !== '' ? { ...raw, id: d360TemplateId(name, language) } : raw
}

/**
 * The templates of the WABA behind a 360dialog channel, at `/v1/configs/templates` (§7.3): Meta's
 * create body and template objects, 360dialog's list envelope (`waba_templates`, `total`). 360dialog
 * edits no templates and deletes by name, every language at once.
 */
export function createD360TemplateManager(account: ResolvedD360Account, http: HttpClient): TemplateManager {
  const access = d360Management(account)
  return {
    async submit(template) {
      const answer = await callManagement(access, http, 'POST', '/v1/configs/templates', templateCreateBody(template))
      if (!answer.ok) return answer.failure
      const entry = typeof answer.json === 'object' && answer.json !== null ? answer.json : {}
      return readSubmitAnswer({ ...entry, id: d360TemplateId(template.name, template.language) }, null, template)
    },

    edit: async () => refused('not_supported', '360dialog does not edit templates: submit the change under a new name'),

    async list() {
      const templates: RemoteTemplate[] = []
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(templates.length) })
        const answer = await callManagement(access, http, 'GET', `/v1/configs/templates?${query}`)
        if (!answer.ok) return answer.failure
        const read = readPage(answer.json)
        if (!read.ok) return unreadable(read.kind, read.problem)
        templates.push(...read.templates)
        if (read.templates.length === 0 || read.total === null || templates.length >= read.total) return { kind: 'ok', value: templates }
      }
      return unreadable('refused', `paging did not end after ${MAX_PAGES} pages`)
    },

    async remove(name, providerTemplateId) {
      // Deleting by name takes every language; asked for one, that would delete more than was asked.
      if (providerTemplateId !== undefined) return refused('not_supported', '360dialog deletes a template in every language at once: delete it by name')
      const answer = await callManagement(access, http, 'DELETE', `/v1/configs/templates/${encodeURIComponent(name)}`)
      return answer.ok ? { kind: 'ok', value: null } : answer.failure
    },
  }
}

type Page = { ok: true; templates: RemoteTemplate[]; total: number | null } | { ok: false; kind: GraphFailure['kind']; problem: string }

/**
 * `{count, total, offset, limit, waba_templates: [...]}`; `data` is read too, as Meta names it. Any
 * template that cannot be read fails the list: a list missing one would tell a sync it was deleted.
 */
function readPage(json: unknown): Page {
  const page = (typeof json === 'object' && json !== null ? json : {}) as { waba_templates?: unknown; data?: unknown; total?: unknown }
  const listed = Array.isArray(page.waba_templates) ? page.waba_templates : page.data
  if (!Array.isArray(listed)) return { ok: false, kind: 'retryable', problem: 'a page without a waba_templates array' }
  const templates: RemoteTemplate[] = []
  for (const raw of listed) {
    const read = readMetaTemplate(withId(raw))
    if (!read.ok) return { ok: false, kind: 'refused', problem: read.problem }
    templates.push(read.template)
  }
  return { ok: true, templates, total: typeof page.total === 'number' ? page.total : null }
}

function refused(code: string, title: string): TemplateCallOutcome<never> {
  return { kind: 'refused', error: { code, title } }
}

function unreadable(kind: GraphFailure['kind'], problem: string): GraphFailure {
  return { kind, error: { code: 'unreadable_response', title: '360dialog answered with something Parley cannot read', detail: problem } }
}
