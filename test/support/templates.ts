import { expect } from 'vitest'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { saveTemplates, type TemplateInput } from '../../src/core/templates/save-templates.js'
import { submitTemplate } from '../../src/core/templates/submit-template.js'
import type { TemplateReviewPolicy } from '../../src/sandbox/options.js'
import type { Harness } from './harness.js'

/** A sandbox review that approves every template at once, in the category it was submitted in. */
export const INSTANT_APPROVAL: TemplateReviewPolicy = { delayMs: 0, rejectLanguages: [], reclassifyUtilityToMarketing: 'never' }

/** A template with a body only and named parameters, as the rules in these tests send. */
export function namedTemplate(name: string, language: string, category: TemplateDefinition['category'], text: string, examples: Record<string, string>): TemplateDefinition {
  return { name, language, category, parameterFormat: 'named', header: null, body: { text, examples }, footer: null, buttons: [] }
}

/** Saves the templates and submits each one; the sandbox must approve every one of them. */
export async function approveTemplates(h: Harness, inputs: TemplateInput[]): Promise<void> {
  for (const saved of await saveTemplates(h.parley.templates, inputs, 'cli')) {
    expect(await submitTemplate(h.parley.templates, saved.template, 'cli')).toMatchObject({ kind: 'submitted', template: { status: 'approved' } })
  }
}
