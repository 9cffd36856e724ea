import { canonicalJson } from '../shared/canonical-json.js'
import { lintTemplate } from './lint/lint-template.js'
import type { TemplateDefinition } from './model.js'
import type { TemplateEventRecord, TemplateRecord } from './ports.js'
import type { TemplateDeps } from './deps.js'

export interface TemplateInput {
  definition: TemplateDefinition
  /** Replaces the tags when given. */
  tags?: string[]
  /** Replaces the folder when given (null clears it). */
  folder?: string | null
}

export type SaveOutcome = 'created' | 'changed' | 'unchanged' | 'in_review'

export interface SaveResult {
  outcome: SaveOutcome
  template: TemplateRecord
}

/**
 * Stores templates as drafts, linted. Saving what is already stored changes nothing (so pushing a
 * folder twice is a no-op); a changed text makes the template a draft again, to be resubmitted.
 * A template in review cannot change until the review ends (the platform refuses such edits).
 */
export async function saveTemplates(deps: Pick<TemplateDeps, 'templates' | 'clock' | 'ids'>, inputs: TemplateInput[], source: TemplateEventRecord['source']): Promise<SaveResult[]> {
  const now = deps.clock.now()
  const known = await deps.templates.all()
  const results: SaveResult[] = []
  for (const input of inputs) {
    const { definition } = input
    const existing = known.find((t) => t.definition.name === definition.name && t.definition.language === definition.language) ?? null
    const lint = lintTemplate(definition, { existing: known.map((t) => t.definition) })
    if (!existing) {
      const template: TemplateRecord = {
        id: deps.ids.next('tpl'),
        definition,
        status: 'draft',
        providerStatus: null,
        providerTemplateId: null,
        origin: 'own',
        tags: input.tags ?? [],
        folder: input.folder ?? null,
        quality: null,
        rejectionReason: null,
        lint,
        createdAt: now,
        updatedAt: now,
        statusAt: now,
      }
      await deps.templates.save(template, [{ kind: 'saved', status: 'draft', reason: null, detail: null, source, at: now }], now)
      known.push(template)
      results.push({ outcome: 'created', template })
      continue
    }
    const textChanged = canonicalJson(existing.definition) !== canonicalJson(definition)
    const tags = input.tags ?? existing.tags
    const folder = input.folder === undefined ? existing.folder : input.folder
    const labelsChanged = canonicalJson(tags) !== canonicalJson(existing.tags) || folder !== existing.folder
    if (textChanged && (existing.status === 'pending' || existing.status === 'submitted')) {
      results.push({ outcome: 'in_review', template: existing })
      continue
    }
    if (!textChanged && !labelsChanged) {
      results.push({ outcome: 'unchanged', template: existing })
      continue
    }
    const template: TemplateRecord = {
      ...existing,
      definition,
      tags,
      folder,
      lint: textChanged ? lint : existing.lint,
      ...(textChanged ? { status: 'draft' as const, statusAt: now } : {}),
      updatedAt: now,
    }
    const detail = textChanged ? { previousStatus: existing.status } : { tags, folder }
    await deps.templates.save(template, [{ kind: 'saved', status: template.status, reason: null, detail, source, at: now }], now)
    known[known.indexOf(existing)] = template
    results.push({ outcome: 'changed', template })
  }
  return results
}
