import type { TemplateComponent, TemplateDefinition } from '../model.js'

/** `error`: the platform will reject it (or refuse to send it); `warning`: likely rejected or reclassified; `info`: worth a look. */
export type Severity = 'error' | 'warning' | 'info'

/** Where in the template a finding points. */
export interface FindingPosition {
  /** Character offsets in the component's text (header, body, footer, a button's text or URL). */
  start?: number
  end?: number
  /** Zero-based index into `buttons` when the finding is about one button. */
  button?: number
}

export interface LintFinding {
  /** Stable rule id, e.g. `body.variable-at-edge`; clients and suppressions match on it. */
  rule: string
  severity: Severity
  component: TemplateComponent
  position: FindingPosition | null
  /** What is wrong, in one or two sentences, quoting the offending text where useful. */
  message: string
  /** How to fix it. */
  fix: string
}

/** What a rule may know besides the template itself. */
export interface LintContext {
  /** The business's other templates, for the near-duplicate rule (the template itself may be among them). */
  existing: readonly TemplateDefinition[]
}

/**
 * One rule: a pure check of a template. Each rule's doc comment names its source (the platform
 * doc section or the public guideline it encodes).
 */
export interface LintRule {
  id: string
  check(template: TemplateDefinition, context: LintContext): LintFinding[]
}
