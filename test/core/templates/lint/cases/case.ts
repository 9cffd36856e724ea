import type { TemplateComponent, TemplateDefinition } from '../../../../../src/core/templates/model.js'
import type { FindingPosition, LintContext, Severity } from '../../../../../src/core/templates/lint/finding.js'

export interface Passing {
  name: string
  template: TemplateDefinition
  context?: LintContext
}

export interface Failing extends Passing {
  component: TemplateComponent
  position: FindingPosition | null
  /** Text the message or the fix must quote. */
  quotes?: string
}

/** Every rule gets passing and failing examples; the rule's severity is asserted on each finding. */
export interface RuleCases {
  rule: string
  severity: Severity
  pass: Passing[]
  fail: Failing[]
}

/** Offsets of `fragment` in `text` (the `nth` occurrence, from 0). */
export function span(text: string, fragment: string, nth = 0): { start: number; end: number } {
  let start = -1
  for (let i = 0; i <= nth; i++) start = text.indexOf(fragment, start + 1)
  if (start < 0) throw new Error(`${JSON.stringify(fragment)} not in ${JSON.stringify(text)}`)
  return { start, end: start + fragment.length }
}
