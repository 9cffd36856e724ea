import type { TemplateComponent, TemplateDefinition } from '../../model.js'
import type { FindingPosition, LintContext, LintFinding, LintRule, Severity } from '../finding.js'

/** A rule with what docs and `parley templates rules` show: one severity per id, a summary and its source. */
export interface DocumentedRule extends LintRule {
  severity: Severity
  /** One line: what the rule checks. */
  summary: string
  /** Where the rule comes from: docs/platform.md section, Meta's public guideline or error code. */
  source: string
}

/** What a rule's check reports; the rule adds its id and severity. */
export type Hit = Omit<LintFinding, 'rule' | 'severity'>

interface RuleSpec {
  id: string
  severity: Severity
  summary: string
  source: string
  check(template: TemplateDefinition, context: LintContext): Hit[]
}

/** Builds a rule whose findings all carry its id and severity, so the two can never drift apart. */
export function defineRule(spec: RuleSpec): DocumentedRule {
  const { id, severity, summary, source } = spec
  return {
    id,
    severity,
    summary,
    source,
    check(template, context) {
      return spec.check(template, context).map((hit) => ({ rule: id, severity, ...hit }))
    },
  }
}

/** Shorthand for a hit. */
export function hit(component: TemplateComponent, position: FindingPosition | null, message: string, fix: string): Hit {
  return { component, position, message, fix }
}
