import type { Expression, Node, PathNode, Root } from './ast.js'
import { describeType, instantOf, isCalendarDate, show } from './values.js'

/** What paths read: the event's fields and, while a send is planned, the recipient. Absent roots are missing. */
export type Scope = Readonly<Partial<Record<Root, unknown>>>

/** The value, or why there is none (a missing path, a type mismatch), in the rule author's words. */
export type EvaluationResult = { ok: true; value: unknown } | { ok: false; message: string }

class EvaluationFailure extends Error {}

/**
 * Evaluates a parsed expression against a scope. Paths read only own fields of plain data (JSON
 * objects and lists); a missing path is an error naming it, except under `exists(…)` and on the
 * left of `??`. Comparisons never convert types: a date-time is compared as an instant.
 */
export function evaluateExpression(expression: Expression, scope: Scope): EvaluationResult {
  try {
    return { ok: true, value: required(expression.root, scope) }
  } catch (error) {
    if (error instanceof EvaluationFailure) return { ok: false, message: error.message }
    throw error
  }
}

function required(node: Node, scope: Scope): unknown {
  const value = evaluate(node, scope)
  if (isMissing(value)) throw new EvaluationFailure(value.missing)
  return value
}

/** A path that is not there, with why (`data.lesson is missing`, `data.lesson is text, not an object`). */
class MissingValue {
  constructor(readonly missing: string) {}
}

function isMissing(value: unknown): value is MissingValue {
  return value instanceof MissingValue
}

function evaluate(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value
    case 'list':
      return node.items.map((item) => required(item, scope))
    case 'path':
      return resolve(node, scope)
    case 'not':
      return !boolean(required(node.operand, scope), 'not')
    case 'logical': {
      const left = boolean(required(node.left, scope), node.operator)
      if (node.operator === 'and' ? !left : left) return left
      return boolean(required(node.right, scope), node.operator)
    }
    case 'compare': {
      const left = required(node.left, scope)
      const right = required(node.right, scope)
      switch (node.operator) {
        case '==':
          return equals(left, right, node)
        case '!=':
          return !equals(left, right, node)
        default: {
          const order = compare(left, right, node)
          return node.operator === '<' ? order < 0 : node.operator === '<=' ? order <= 0 : node.operator === '>' ? order > 0 : order >= 0
        }
      }
    }
    case 'in': {
      const item = required(node.item, scope)
      const list = required(node.list, scope)
      if (!Array.isArray(list)) throw new EvaluationFailure(`"in" needs a list on its right; ${label(node.list)} is ${describeType(list)}`)
      return list.some((candidate) => equals(item, candidate, node))
    }
    case 'default': {
      const value = evaluate(node.value, scope)
      return isMissing(value) || value === null ? evaluate(node.fallback, scope) : value
    }
    case 'exists': {
      const value = resolve(node.path, scope)
      return !isMissing(value) && value !== null
    }
  }
}

function resolve(path: PathNode, scope: Scope): unknown {
  let current: unknown = Object.hasOwn(scope, path.root) ? scope[path.root] : undefined
  let walked: string = path.root
  if (current === undefined) return new MissingValue(`${walked} is missing`)
  for (const segment of path.segments) {
    const next = typeof segment === 'number' ? `${walked}[${segment}]` : `${walked}.${segment}`
    if (current === null) return new MissingValue(`${walked} is null (reading ${path.text})`)
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return new MissingValue(`${walked} is ${describeType(current)}, not a list (reading ${path.text})`)
      current = segment < current.length ? current[segment] : undefined
    } else {
      if (!isPlainObject(current)) {
        const what = typeof current === 'object' && !Array.isArray(current) ? 'not plain data' : `${describeType(current)}, not an object`
        return new MissingValue(`${walked} is ${what} (reading ${path.text})`)
      }
      current = Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined
    }
    walked = next
    if (current === undefined) return new MissingValue(walked === path.text ? `${walked} is missing` : `${walked} is missing (reading ${path.text})`)
  }
  if (typeof current === 'function' || typeof current === 'symbol' || typeof current === 'bigint') return new MissingValue(`${path.text} is not data`)
  return current
}

/** Only data as JSON gives it: objects whose prototype is Object's or none (never class instances). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function boolean(value: unknown, operator: string): boolean {
  if (typeof value !== 'boolean') throw new EvaluationFailure(`"${operator}" works on true/false; got ${describeType(value)} ${show(value)}`)
  return value
}

function equals(left: unknown, right: unknown, node: Node): boolean {
  if (left === null || right === null) return left === right
  if (typeof left === 'object' || typeof right === 'object') {
    throw new EvaluationFailure(`== compares text, numbers, true/false and null, not lists or objects (${labelPair(node)})`)
  }
  if (typeof left !== typeof right) {
    throw new EvaluationFailure(`cannot compare ${describeType(left)} ${show(left)} with ${describeType(right)} ${show(right)} (${labelPair(node)}); write both the same way, e.g. "9" or 9`)
  }
  const a = instantOf(left)
  const b = instantOf(right)
  return a !== null && b !== null ? a === b : left === right
}

function compare(left: unknown, right: unknown, node: Node): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right
  const a = instantOf(left)
  const b = instantOf(right)
  if (a !== null && b !== null) return a - b
  if (isCalendarDate(left) && isCalendarDate(right)) return left < right ? -1 : left > right ? 1 : 0
  throw new EvaluationFailure(
    `< <= > >= compare numbers, date-times (with an offset) or dates; got ${describeType(left)} ${show(left)} and ${describeType(right)} ${show(right)} (${labelPair(node)})`,
  )
}

function label(node: Node): string {
  return node.kind === 'path' ? node.text : node.kind === 'literal' ? show(node.value) : 'the value'
}

function labelPair(node: Node): string {
  if (node.kind === 'compare') return `${label(node.left)} ${node.operator} ${label(node.right)}`
  if (node.kind === 'in') return `${label(node.item)} in ${label(node.list)}`
  return 'here'
}
