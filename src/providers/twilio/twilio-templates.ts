import type { RemoteTemplate, SubmittedTemplate, TemplateCallOutcome, TemplateManager } from '../../core/providers/templates.js'
import type { TemplateDefinition } from '../../core/templates/model.js'
import type { HttpClient } from '../http-client.js'
import { callContentApi, type TwilioAccountConfig } from './twilio-api.js'
import type { ContentDirectory } from './twilio-content-directory.js'
import { approvalRequestBody, approvalStatusOf, categoryOf, contentCreateBody, readContent, remoteTemplateOf } from './twilio-content.js'

/**
 * WhatsApp templates on a Twilio account, through the Content API (docs/platform.md §7.2): a
 * template is a Content resource (`twilio/text`, or `twilio/media` for a media header) plus its
 * WhatsApp approval request. Only content submitted to WhatsApp is listed: the rest (content for
 * SMS or in-session use) is no WhatsApp template.
 */
export function createTwilioTemplateManager(config: TwilioAccountConfig, http: HttpClient, directory: ContentDirectory): TemplateManager {
  return {
    async submit(template) {
      const body = contentCreateBody(template)
      if (!body.ok) return unsupported(body.problem)
      const created = await callContentApi(config, http, 'POST', '/v1/Content', body.body)
      if (!created.ok) return created.failure
      const content = readContent(created.json)
      if (!content) return { kind: 'retryable', error: { code: 'unreadable_response', title: 'The Content create answer has no sid' } }
      const approval = await callContentApi(config, http, 'POST', `/v1/Content/${encodeURIComponent(content.sid)}/ApprovalRequests/whatsapp`, approvalRequestBody(template))
      if (!approval.ok) {
        // Content WhatsApp never saw would only be a stray copy: a new submit creates it again.
        await callContentApi(config, http, 'DELETE', `/v1/Content/${encodeURIComponent(content.sid)}`)
        return approval.failure
      }
      return { kind: 'ok', value: submitted(content.sid, approval.json, template) }
    },

    async edit() {
      // Twilio: content submitted to WhatsApp can be neither edited nor given another language (§7.2).
      return { kind: 'refused', error: { code: 'edit_unsupported', title: 'Twilio cannot edit a template once it was submitted to WhatsApp: delete it and submit a new one' } }
    },

    async list() {
      const listing = await directory.list()
      if (!listing.ok) return listing.failure
      const templates = listing.contents
        .filter((content) => content.approvalStatus !== 'unsubmitted')
        .map(remoteTemplateOf)
        .filter((template): template is RemoteTemplate => template !== null)
      return { kind: 'ok', value: templates }
    },

    async remove(name, providerTemplateId) {
      let sids: string[]
      if (providerTemplateId !== undefined) sids = [providerTemplateId]
      else {
        const listing = await directory.list()
        if (!listing.ok) return listing.failure
        sids = listing.contents.filter((c) => c.name === name && c.approvalStatus !== 'unsubmitted').map((c) => c.sid)
      }
      for (const sid of sids) {
        const answer = await callContentApi(config, http, 'DELETE', `/v1/Content/${encodeURIComponent(sid)}`)
        if (!answer.ok) return answer.failure
      }
      return { kind: 'ok', value: null }
    },
  }
}

/** The approval answer `{name, category, status, …}`: the category WhatsApp filed it under wins. */
function submitted(sid: string, json: unknown, template: TemplateDefinition): SubmittedTemplate {
  const r = (typeof json === 'object' && json !== null ? json : {}) as { status?: unknown; category?: unknown }
  const status = typeof r.status === 'string' && r.status !== '' && r.status !== 'unsubmitted' ? approvalStatusOf(r.status) : 'submitted'
  return { providerTemplateId: sid, status, category: categoryOf(r.category) ?? template.category }
}

function unsupported(problem: string): TemplateCallOutcome<never> {
  return {
    kind: 'refused',
    error: { code: 'template_unsupported', title: `Parley creates Twilio templates as twilio/text or twilio/media, which cannot hold ${problem}` },
  }
}
