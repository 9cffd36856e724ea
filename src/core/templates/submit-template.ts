import type { ProviderError } from '../shared/provider-error.js'
import { hasErrors, lintTemplate } from './lint/lint-template.js'
import type { LintFinding } from './lint/finding.js'
import type { TemplateEventRecord, TemplateRecord } from './ports.js'
import type { TemplateDeps } from './deps.js'

export type SubmitResult =
  | { kind: 'submitted'; template: TemplateRecord }
  /** Nothing to submit: the provider already has this text (in review or decided). */
  | { kind: 'unchanged'; template: TemplateRecord }
  /** Lint found errors the platform would reject for: not sent to the provider. */
  | { kind: 'lint_failed'; template: TemplateRecord; findings: LintFinding[] }
  | { kind: 'refused'; template: TemplateRecord; error: ProviderError & { subcode?: string } }
  | { kind: 'retryable'; template: TemplateRecord; error: ProviderError }

/**
 * Submits a draft (new, or edited after approval, rejection or a pause) for review, after lint:
 * a template with lint errors never reaches the provider. Records what the provider answered,
 * including a category it chose instead of the one submitted (docs/platform.md §3.5).
 */
export async function submitTemplate(deps: TemplateDeps, template: TemplateRecord, source: TemplateEventRecord['source']): Promise<SubmitResult> {
  if (template.status !== 'draft' && template.status !== 'deleted') return { kind: 'unchanged', template }
  const now = deps.clock.now()
  const others = (await deps.templates.all()).map((t) => t.definition)
  const findings = lintTemplate(template.definition, { existing: others })
  if (hasErrors(findings)) {
    const linted = { ...template, lint: findings }
    await deps.templates.save(linted, [], now)
    return { kind: 'lint_failed', template: linted, findings }
  }
  const resubmission = template.providerTemplateId !== null && template.status !== 'deleted'
  const outcome = resubmission
    ? await deps.manager.edit(template.providerTemplateId!, template.definition)
    : await deps.manager.submit(template.definition)
  if (outcome.kind === 'retryable') return { kind: 'retryable', template, error: outcome.error }
  if (outcome.kind === 'refused') {
    const refusal: TemplateEventRecord = { kind: 'refused', status: template.status, reason: outcome.error.code, detail: { ...outcome.error }, source, at: now }
    await deps.templates.save({ ...template, lint: findings, updatedAt: now }, [refusal], now)
    return { kind: 'refused', template, error: outcome.error }
  }
  const answer = outcome.value
  const events: TemplateEventRecord[] = [
    { kind: 'submitted', status: answer.status, reason: null, detail: { resubmission, providerTemplateId: answer.providerTemplateId }, source, at: now },
  ]
  if (answer.category !== template.definition.category) {
    events.push({ kind: 'category', status: answer.status, reason: null, detail: { previous: template.definition.category, new: answer.category }, source, at: now })
  }
  const submitted: TemplateRecord = {
    ...template,
    definition: { ...template.definition, category: answer.category },
    status: answer.status,
    providerStatus: answer.status.toUpperCase(),
    providerTemplateId: answer.providerTemplateId,
    rejectionReason: null,
    lint: findings,
    updatedAt: now,
    statusAt: now,
  }
  await deps.templates.save(submitted, events, now)
  return { kind: 'submitted', template: submitted }
}
