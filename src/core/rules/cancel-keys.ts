import type { Expression } from './expression/ast.js'
import { evaluateExpression, type Scope } from './expression/evaluate-expression.js'
import { describeType, show } from './expression/values.js'
import type { CancelOn, Rule, RuleEvaluationError, RuleEvent } from './model.js'
import { scopeOf } from './scope.js'

/**
 * The key that ties an unsent message to the event that cancels it:
 * `<cancelling event type>:<its field>=<value>`, e.g. `lesson.cancelled:data.lesson.id=lesson-9`.
 * The field is part of the key so that lesson 9 and student 9 never cancel each other's messages;
 * a number and the same digits as text (`9`, `"9"`) give one key, as systems write ids either way.
 */
export function cancelKey(eventType: string, field: string, value: string | number): string {
  return `${eventType}:${field}=${String(value)}`
}

/** The field a cancel key names: the cancelling event's path (validation guarantees it is a path). */
function fieldOf(expression: Expression): string {
  return expression.root.kind === 'path' ? expression.root.text : expression.source
}

type KeyResult = { ok: true; key: string } | { ok: false; message: string }

function keyFor(cancel: CancelOn, read: Expression, scope: Scope): KeyResult {
  const result = evaluateExpression(read, scope)
  if (!result.ok) return { ok: false, message: result.message }
  const value = result.value
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) {
    return { ok: true, key: cancelKey(cancel.event, fieldOf(cancel.cancelEvent), value) }
  }
  return { ok: false, message: `${read.source} is ${describeType(value)} ${show(value)}; a cancel key needs text or a number` }
}

/** The keys by which a message this rule sends for `event` can be cancelled (errors name `cancel_on.N`). */
export function pendingCancelKeys(rule: Rule, event: RuleEvent): { keys: string[]; errors: RuleEvaluationError[] } {
  const scope = scopeOf(event)
  const keys: string[] = []
  const errors: RuleEvaluationError[] = []
  rule.cancelOn.forEach((cancel, index) => {
    const result = keyFor(cancel, cancel.thisEvent, scope)
    if (result.ok) keys.push(result.key)
    else errors.push({ ruleId: rule.id, field: `cancel_on.${index}`, message: result.message })
  })
  return { keys: [...new Set(keys)], errors }
}

/**
 * The keys an incoming event cancels: for every rule's `cancel_on` naming its type, the key built
 * from the event's field. Disabled rules count too: turning a rule off must not strand the
 * reminders it already scheduled. An event without the field cancels nothing, and says why.
 */
export function cancellationKeys(rules: readonly Rule[], event: RuleEvent): { keys: string[]; errors: RuleEvaluationError[] } {
  const scope = scopeOf(event)
  const keys = new Set<string>()
  const errors: RuleEvaluationError[] = []
  for (const rule of rules) {
    rule.cancelOn.forEach((cancel, index) => {
      if (cancel.event !== event.type) return
      const result = keyFor(cancel, cancel.cancelEvent, scope)
      if (result.ok) keys.add(result.key)
      else errors.push({ ruleId: rule.id, field: `cancel_on.${index}`, message: result.message })
    })
  }
  return { keys: [...keys], errors }
}
