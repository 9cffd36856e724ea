import type { TemplateComponent, TemplateDefinition } from '../model.js'
import type { LintContext, LintFinding, Severity } from './finding.js'
import { AUTHENTICATION_RULES } from './rules/authentication.js'
import { BODY_RULES } from './rules/body.js'
import { BUTTON_RULES } from './rules/buttons.js'
import { CATEGORY_RULES } from './rules/category-signals.js'
import { FOOTER_RULES } from './rules/footer.js'
import { FORMATTING_RULES } from './rules/formatting.js'
import { HEADER_RULES } from './rules/header.js'
import { LANGUAGE_MATCH_RULES } from './rules/language-match.js'
import { LANGUAGE_RULES } from './rules/language.js'
import { NAME_RULES } from './rules/name.js'
import { DUPLICATE_RULES } from './rules/near-duplicate.js'
import { POLICY_RULES } from './rules/policy.js'
import type { DocumentedRule } from './rules/rule.js'
import { SAMPLE_RULES } from './rules/samples.js'
import { URL_RULES } from './rules/urls.js'
import { DENSITY_RULES } from './rules/variable-density.js'
import { VARIABLE_RULES } from './rules/variables.js'

export { explainRejection } from './explain-rejection.js'
export type { DocumentedRule } from './rules/rule.js'

/** Every lint rule, in the order docs list them (by component). Ids are unique. */
export const RULES: readonly DocumentedRule[] = Object.freeze([
  ...NAME_RULES,
  ...LANGUAGE_RULES,
  ...LANGUAGE_MATCH_RULES,
  ...HEADER_RULES,
  ...BODY_RULES,
  ...VARIABLE_RULES,
  ...DENSITY_RULES,
  ...SAMPLE_RULES,
  ...FORMATTING_RULES,
  ...FOOTER_RULES,
  ...BUTTON_RULES,
  ...URL_RULES,
  ...CATEGORY_RULES,
  ...AUTHENTICATION_RULES,
  ...POLICY_RULES,
  ...DUPLICATE_RULES,
])

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const COMPONENT_ORDER: Record<TemplateComponent, number> = { name: 0, language: 1, category: 2, header: 3, body: 4, footer: 5, buttons: 6 }

/** Errors first, then by component (name → buttons), then by position (button, offset), then rule id. */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    COMPONENT_ORDER[a.component] - COMPONENT_ORDER[b.component] ||
    (a.position?.button ?? -1) - (b.position?.button ?? -1) ||
    (a.position?.start ?? -1) - (b.position?.start ?? -1) ||
    a.rule.localeCompare(b.rule)
  )
}

/** Runs every rule on a template: the findings, errors first, then in reading order. */
export function lintTemplate(template: TemplateDefinition, context: LintContext = { existing: [] }): LintFinding[] {
  const findings: LintFinding[] = []
  for (const rule of RULES) findings.push(...rule.check(template, context))
  return findings.sort(compareFindings)
}

/** True when a finding says the platform will refuse the template. */
export function hasErrors(findings: readonly LintFinding[]): boolean {
  return findings.some((f) => f.severity === 'error')
}
