import type { ApplyResult } from '../shared/apply-result.js'
import type { TemplateEvent } from './manager.js'
import { explainRejection } from './lint/lint-template.js'
import type { TemplateEventRecord, TemplateRecord, TemplateStore } from './ports.js'

/** Why a rejection may have happened, in the terms a person reads: the lint findings ranked for the platform's reason. */
export function rejectionHints(reason: string | null, template: TemplateRecord): Array<{ rule: string; severity: string; message: string; fix: string }> {
  return explainRejection(reason, template.lint).map(({ rule, severity, message, fix }) => ({ rule, severity, message, fix }))
}

/**
 * Applies the provider's template events (review decisions, pauses, category and quality changes)
 * from webhooks or a sync. Every change is recorded with its time and the platform's reason; a
 * rejection also records the lint findings that most likely explain it, which is all there is to
 * go on when the platform gives no reason. A repeated event changes nothing.
 */
export async function applyTemplateEvents(
  deps: { templates: TemplateStore },
  events: readonly TemplateEvent[],
  source: TemplateEventRecord['source'],
  now: number,
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = []
  for (const event of events) {
    const found = (await deps.templates.getByProviderId(event.providerTemplateId)) ?? (await deps.templates.get(event.name, event.language))
    if (!found) {
      // Written outside Parley (e.g. in WhatsApp Manager): the next sync brings it in whole.
      results.push('unmatched')
      continue
    }
    const template = { ...found, providerTemplateId: event.providerTemplateId }
    const at = event.at > 0 ? event.at : now
    let next: TemplateRecord
    let record: TemplateEventRecord
    switch (event.kind) {
      case 'template_status': {
        const reasonChanged = (event.status === 'approved' ? null : event.reason) !== template.rejectionReason
        if (event.status === template.status && event.providerStatus === template.providerStatus && !reasonChanged) {
          results.push('duplicate')
          continue
        }
        const rejected = event.status === 'rejected'
        next = {
          ...template,
          status: event.status,
          providerStatus: event.providerStatus,
          rejectionReason: event.status === 'approved' ? null : event.reason,
          statusAt: at,
          updatedAt: now,
        }
        record = { kind: 'status', status: event.status, reason: event.reason, detail: rejected ? { hints: rejectionHints(event.reason, template) } : null, source, at }
        break
      }
      case 'template_category':
        if (event.newCategory === template.definition.category) {
          results.push('duplicate')
          continue
        }
        next = { ...template, definition: { ...template.definition, category: event.newCategory }, updatedAt: now }
        record = { kind: 'category', status: template.status, reason: null, detail: { previous: event.previousCategory ?? template.definition.category, new: event.newCategory }, source, at }
        break
      case 'template_quality':
        if (event.newQuality === template.quality) {
          results.push('duplicate')
          continue
        }
        next = { ...template, quality: event.newQuality, updatedAt: now }
        record = { kind: 'quality', status: template.status, reason: null, detail: { previous: event.previousQuality ?? template.quality, new: event.newQuality }, source, at }
        break
    }
    await deps.templates.save(next, [record], now)
    results.push('applied')
  }
  return results
}
