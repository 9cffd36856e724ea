import type { RemoteTemplate, TemplateCallOutcome, TemplateManager } from '../../core/providers/templates.js'
import type { HttpClient } from '../http-client.js'
import type { ResolvedGupshupAccount } from './gupshup-account.js'
import { callGupshup, type GupshupFailure } from './gupshup-http.js'
import { templateCreateForm } from './gupshup-template-body.js'
import type { TemplateDirectory } from './gupshup-template-directory.js'
import { gupshupTemplateStatusOf, readGupshupTemplate } from './gupshup-template-read.js'
import { templateCategoryOf } from '../meta-cloud/meta-template-status.js'

/** Lists the app's templates (docs/platform.md §7.1). Any template that cannot be read fails the list: a list missing one would tell a sync it was deleted. */
export async function listGupshupTemplates(account: ResolvedGupshupAccount, http: HttpClient): Promise<TemplateCallOutcome<RemoteTemplate[]>> {
  const answer = await callGupshup(account, http, { method: 'GET', api: 'api', path: `/sm/api/v1/template/list/${encodeURIComponent(account.appName)}` })
  if (!answer.ok) return answer.failure
  const listed = (answer.json as { templates?: unknown } | undefined)?.templates
  // Another shape is likelier a proxy's glitch than Gupshup's answer: worth another try.
  if (!Array.isArray(listed)) return unreadable('retryable', 'an answer without a templates array')
  const templates: RemoteTemplate[] = []
  for (const raw of listed) {
    const read = readGupshupTemplate(raw)
    if (!read.ok) return unreadable('refused', read.problem)
    templates.push(read.template)
  }
  return { kind: 'ok', value: templates }
}

/**
 * The templates of one Gupshup app: listed through the app's API, created through the partner API.
 * Every list refreshes the directory sends resolve template ids from. Gupshup's edit and delete
 * calls are not in the platform notes this adapter is written from, so they are refused with a
 * stable code rather than guessed at.
 */
export function createGupshupTemplateManager(account: ResolvedGupshupAccount, http: HttpClient, directory: TemplateDirectory): TemplateManager {
  return {
    async submit(template) {
      const answer = await callGupshup(account, http, { method: 'POST', api: 'partner', path: `/partner/app/${encodeURIComponent(account.appId)}/templates`, form: templateCreateForm(template) })
      if (!answer.ok) return answer.failure
      const created = (answer.json as { template?: { id?: unknown; status?: unknown; category?: unknown } } | undefined)?.template
      // The template may exist now; a second submit would be refused as a duplicate, and a list finds it.
      if (typeof created?.id !== 'string' || created.id === '') return unreadable('retryable', 'the create answer has no template id')
      const status = (typeof created.status === 'string' ? gupshupTemplateStatusOf(created.status) : undefined) ?? 'pending'
      return { kind: 'ok', value: { providerTemplateId: created.id, status, category: templateCategoryOf(created.category) ?? template.category } }
    },

    edit: async () => notSupported('edited'),

    async list() {
      const listed = await listGupshupTemplates(account, http)
      if (listed.kind === 'ok') directory.remember(listed.value)
      return listed
    },

    remove: async () => notSupported('deleted'),
  }
}

function notSupported(what: string): TemplateCallOutcome<never> {
  return { kind: 'refused', error: { code: 'not_supported', title: `Gupshup templates are not ${what} through Parley: do it in Gupshup's console, then sync` } }
}

function unreadable(kind: GupshupFailure['kind'], problem: string): GupshupFailure {
  return { kind, error: { code: 'unreadable_response', title: 'Gupshup answered with something Parley cannot read', detail: problem } }
}
