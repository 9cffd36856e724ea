import type { TemplateEventRecord, TemplateRecord } from './ports.js'
import { lintTemplate } from './lint/lint-template.js'
import type { TemplateDeps } from './deps.js'
import type { ProviderError } from '../shared/provider-error.js'
import { applyTemplateEvents } from './apply-template-events.js'
import { canonicalJson } from '../shared/canonical-json.js'
import { submitTemplate } from './submit-template.js'

export interface SyncSummary {
  created: number
  updated: number
  unchanged: number
  deleted: number
  /** After a provider switch: own templates the new provider lacked, submitted to it. */
  resubmitted: number
  /** After a provider switch: own templates that could not be submitted (lint, refusal), left as drafts. */
  notResubmitted: number
}

export type SyncResult = { kind: 'synced'; summary: SyncSummary } | { kind: 'failed'; error: ProviderError }

/**
 * Brings Parley's templates in line with the provider's: templates written elsewhere (and the
 * provider's own samples, marked as such) come in; status, category and quality changes missed
 * as webhooks are applied and recorded like webhooks; templates gone at the provider are marked
 * deleted. Local drafts keep their unsubmitted text.
 *
 * When the account differs from the last sync's (the business moved its number to another
 * provider), the business's own templates that the new provider lacks are not deleted but submitted
 * to it, each with a history entry naming the move; the provider's samples of the old account go.
 */
export async function syncTemplates(deps: TemplateDeps): Promise<SyncResult> {
  const listed = await deps.manager.list()
  if (listed.kind !== 'ok') return { kind: 'failed', error: listed.error }
  const now = deps.clock.now()
  const previousAccount = await deps.syncRecord.lastAccount()
  const movedFrom = previousAccount !== null && previousAccount !== deps.account ? previousAccount : null
  const summary: SyncSummary = { created: 0, updated: 0, unchanged: 0, deleted: 0, resubmitted: 0, notResubmitted: 0 }
  const local = await deps.templates.all()
  const seen = new Set<string>()
  for (const remote of listed.value) {
    seen.add(remote.providerTemplateId)
    const { definition } = remote
    const mine = local.find((t) => t.providerTemplateId === remote.providerTemplateId) ?? local.find((t) => t.definition.name === definition.name && t.definition.language === definition.language)
    if (!mine) {
      const template: TemplateRecord = {
        id: deps.ids.next('tpl'),
        definition,
        status: remote.status,
        providerStatus: remote.providerStatus,
        providerTemplateId: remote.providerTemplateId,
        origin: remote.providerDefault ? 'provider' : 'own',
        tags: [],
        folder: null,
        quality: remote.quality,
        rejectionReason: remote.rejectedReason,
        lint: lintTemplate(definition, { existing: local.map((t) => t.definition) }),
        createdAt: now,
        updatedAt: now,
        statusAt: now,
      }
      await deps.templates.save(template, [{ kind: 'saved', status: remote.status, reason: remote.rejectedReason, detail: { providerStatus: remote.providerStatus }, source: 'sync', at: now }], now)
      local.push(template)
      summary.created++
      continue
    }
    let changed = false
    let current = mine
    // Edited at the provider (not by us): its text wins unless we hold an unsubmitted draft.
    if (current.status !== 'draft' && canonicalJson({ ...current.definition, category: definition.category }) !== canonicalJson(definition)) {
      current = { ...current, definition: { ...definition, category: current.definition.category }, updatedAt: now }
      await deps.templates.save(current, [{ kind: 'saved', status: current.status, reason: null, detail: { editedAtProvider: true }, source: 'sync', at: now }], now)
      changed = true
    }
    if (current.providerTemplateId !== remote.providerTemplateId) {
      current = { ...current, providerTemplateId: remote.providerTemplateId }
      await deps.templates.save(current, [], now)
    }
    const event = { providerTemplateId: remote.providerTemplateId, name: definition.name, language: definition.language, at: now }
    const results = current.status === 'draft' ? [] : await applyTemplateEvents(deps, [
      { kind: 'template_status', ...event, status: remote.status, providerStatus: remote.providerStatus, reason: remote.rejectedReason },
      { kind: 'template_category', ...event, previousCategory: null, newCategory: definition.category },
      ...(remote.quality ? [{ kind: 'template_quality' as const, ...event, previousQuality: null, newQuality: remote.quality }] : []),
    ], 'sync', now)
    if (changed || results.includes('applied')) summary.updated++
    else summary.unchanged++
  }
  const goneAtProvider = (t: TemplateRecord) => t.providerTemplateId !== null && !seen.has(t.providerTemplateId) && t.status !== 'deleted' && t.status !== 'draft'
  for (const candidate of local.filter(goneAtProvider)) {
    // Read again: a webhook applied during the sync may have given it an id the list did have.
    const gone = await deps.templates.get(candidate.definition.name, candidate.definition.language)
    if (!gone || !goneAtProvider(gone)) continue
    if (movedFrom !== null && gone.origin === 'own') {
      if (await resubmitAfterMove(deps, gone, movedFrom, now)) summary.resubmitted++
      else summary.notResubmitted++
      continue
    }
    const event: TemplateEventRecord = { kind: 'deleted', status: 'deleted', reason: null, detail: { providerTemplateId: gone.providerTemplateId }, source: 'sync', at: now }
    await deps.templates.save({ ...gone, status: 'deleted', statusAt: now, updatedAt: now }, [event], now)
    summary.deleted++
  }
  await deps.syncRecord.recordSynced(now, deps.account)
  return { kind: 'synced', summary }
}

/**
 * The template as a draft for the new account (its old status and id kept in the history), then
 * submitted like any draft: lint first, the provider's answer recorded. False when it stays a draft.
 */
async function resubmitAfterMove(deps: TemplateDeps, template: TemplateRecord, movedFrom: string, now: number): Promise<boolean> {
  const detail = { movedFrom, movedTo: deps.account, previousStatus: template.status, previousProviderTemplateId: template.providerTemplateId }
  const draft: TemplateRecord = { ...template, status: 'draft', providerStatus: null, providerTemplateId: null, rejectionReason: null, quality: null, updatedAt: now, statusAt: now }
  await deps.templates.save(draft, [{ kind: 'saved', status: 'draft', reason: null, detail, source: 'sync', at: now }], now)
  const result = await submitTemplate(deps, draft, 'sync')
  return result.kind === 'submitted'
}
