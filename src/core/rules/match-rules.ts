import { evaluateExpression } from './expression/evaluate-expression.js'
import { describeType } from './expression/values.js'
import type { Rule, RuleEvaluationError, RuleEvent } from './model.js'
import { scopeOf } from './scope.js'

/** A rule that fires for an event, or one whose condition could not be evaluated (to be recorded, not dropped). */
export type RuleMatch = { kind: 'fired'; rule: Rule } | { kind: 'failed'; rule: Rule; error: RuleEvaluationError }

/** Whether a rule's `on` names this event type: exactly, by prefix (`lesson.*`) or `*`. */
export function listensTo(rule: Rule, type: string): boolean {
  return rule.on.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))))
}

/**
 * The rules an event triggers, in document order: enabled, listening to its type, and whose
 * `when` is true. A `when` that fails (a missing path, a type mismatch) is returned as `failed`.
 */
export function matchRules(rules: readonly Rule[], event: RuleEvent): RuleMatch[] {
  const scope = scopeOf(event)
  const matches: RuleMatch[] = []
  for (const rule of rules) {
    if (!rule.enabled || !listensTo(rule, event.type)) continue
    if (rule.when === null) {
      matches.push({ kind: 'fired', rule })
      continue
    }
    const result = evaluateExpression(rule.when, scope)
    if (!result.ok) matches.push({ kind: 'failed', rule, error: { ruleId: rule.id, field: 'when', message: result.message } })
    else if (typeof result.value !== 'boolean') {
      matches.push({ kind: 'failed', rule, error: { ruleId: rule.id, field: 'when', message: `when must give true or false; it gave ${describeType(result.value)}` } })
    } else if (result.value) matches.push({ kind: 'fired', rule })
  }
  return matches
}
