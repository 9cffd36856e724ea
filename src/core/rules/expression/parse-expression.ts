import jsep from 'jsep'
import { SEND_ROOTS, type CompareOperator, type Expression, type Node, type PathNode, type Root } from './ast.js'

// jsep tokenises and handles precedence; this module owns its (process-wide) configuration and
// turns its tree into our closed one, refusing every node and operator not listed here. Nothing
// is ever evaluated by JavaScript itself. Precedence, loosest first: or, and, == !=, < <= > >= in, ??.
jsep.removeAllBinaryOps()
jsep.removeAllUnaryOps()
for (const [operator, precedence] of [
  ['or', 1], ['||', 1],
  ['and', 2], ['&&', 2],
  ['==', 6], ['!=', 6], ['=', 6], ['===', 6], ['!==', 6],
  ['<', 7], ['<=', 7], ['>', 7], ['>=', 7], ['in', 7],
  ['??', 8],
] as const) {
  jsep.addBinaryOp(operator, precedence)
}
for (const operator of ['not', '!', '-']) jsep.addUnaryOp(operator)

/** Longer expressions are refused: a condition is a line, not a program (and deep nesting is bounded). */
export const MAX_EXPRESSION_LENGTH = 1000
const MAX_DEPTH = 40
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor'])
const FUNCTIONS = ['exists']

/** What a parse allows. */
export interface ParseOptions {
  /** Roots a path may start with; `recipient` is known only while a send is planned. */
  roots?: readonly Root[]
}

/** The parsed expression, or why it is refused (a message for the rule's author). */
export type ParseResult = { ok: true; expression: Expression } | { ok: false; message: string }

class Refusal extends Error {}

/** Parses an expression of the rules language into its closed tree, or says what is wrong with it. */
export function parseExpression(source: string, options: ParseOptions = {}): ParseResult {
  const roots = options.roots ?? SEND_ROOTS
  if (source.trim() === '') return { ok: false, message: 'the expression is empty' }
  if (source.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` }
  let tree: jsep.Expression
  try {
    tree = jsep(source)
  } catch (error) {
    return { ok: false, message: syntaxMessage(error) }
  }
  try {
    return { ok: true, expression: { source, root: convert(tree, roots, 0) } }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message }
    if (error instanceof RangeError) return { ok: false, message: 'the expression is nested too deeply' }
    throw error
  }
}

function syntaxMessage(error: unknown): string {
  if (error instanceof RangeError) return 'the expression is nested too deeply'
  const e = error as { description?: string; index?: number }
  const where = typeof e.index === 'number' ? ` at character ${e.index + 1}` : ''
  return `syntax error${where}: ${e.description ?? String(error)}`
}

function convert(node: jsep.Expression, roots: readonly Root[], depth: number): Node {
  if (depth > MAX_DEPTH) throw new Refusal('the expression is nested too deeply')
  const inner = (child: jsep.Expression) => convert(child, roots, depth + 1)
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Refusal(`${(node as jsep.Literal).raw} is not a finite number`)
      if (value instanceof RegExp) throw new Refusal('regular expressions are not supported')
      return { kind: 'literal', value }
    }
    case 'ArrayExpression': {
      const elements = (node as jsep.ArrayExpression).elements
      if (elements.some((e) => e === null)) throw new Refusal('a list has an empty item (two commas in a row?)')
      return { kind: 'list', items: elements.map((e) => inner(e!)) }
    }
    case 'Identifier':
    case 'MemberExpression':
      return toPath(node, roots)
    case 'UnaryExpression': {
      const { operator, argument } = node as jsep.UnaryExpression
      if (operator === '-') {
        if (argument.type === 'Literal' && typeof (argument as jsep.Literal).value === 'number') return { kind: 'literal', value: -((argument as jsep.Literal).value as number) }
        throw new Refusal('"-" only writes negative numbers: there is no arithmetic')
      }
      return { kind: 'not', operand: inner(argument) }
    }
    case 'BinaryExpression':
      return convertBinary(node as jsep.BinaryExpression, inner)
    case 'CallExpression': {
      const call = node as jsep.CallExpression
      const name = call.callee.type === 'Identifier' ? (call.callee as jsep.Identifier).name : null
      if (name !== 'exists') throw new Refusal(`only ${FUNCTIONS.map((f) => `${f}(…)`).join(', ')} can be called`)
      const [argument, ...rest] = call.arguments
      if (!argument || rest.length > 0) throw new Refusal('exists(…) takes one path, e.g. exists(data.lesson.room)')
      const path = inner(argument)
      if (path.kind !== 'path') throw new Refusal('exists(…) takes a path, e.g. exists(data.lesson.room)')
      return { kind: 'exists', path }
    }
    case 'Compound':
      throw new Refusal('expected an operator between two values (and, or, ==, in…), or a comma inside [ ]')
    case 'SequenceExpression':
      throw new Refusal('a group ( ) holds one expression')
    case 'ConditionalExpression':
      throw new Refusal('"? :" is not supported; use and/or, or ?? for a default')
    case 'ThisExpression':
      throw new Refusal('"this" is not a path: paths start with data, contact, subject, occurred_at, type or id')
    default:
      throw new Refusal(`${node.type} is not supported`)
  }
}

function convertBinary(node: jsep.BinaryExpression, inner: (child: jsep.Expression) => Node): Node {
  const { operator } = node
  if (operator === '=' || operator === '===') throw new Refusal(`"${operator}" is not an operator: compare with ==`)
  if (operator === '!==') throw new Refusal('"!==" is not an operator: compare with !=')
  const left = inner(node.left)
  const right = inner(node.right)
  const comparing = operator !== 'and' && operator !== '&&' && operator !== 'or' && operator !== '||' && operator !== '??'
  if (comparing && (left.kind === 'not' || right.kind === 'not')) {
    // `not` binds to the value next to it: `not x in [..]` would be `(not x) in [..]`.
    throw new Refusal(`"not" applies to the value right after it: write not (a ${operator} b) to negate a comparison`)
  }
  switch (operator) {
    case 'and':
    case '&&':
      return { kind: 'logical', operator: 'and', left, right }
    case 'or':
    case '||':
      return { kind: 'logical', operator: 'or', left, right }
    case 'in':
      if (right.kind !== 'list' && right.kind !== 'path') throw new Refusal('"in" needs a list on its right, e.g. data.kind in ["trial", "group"]')
      return { kind: 'in', item: left, list: right }
    case '??':
      return { kind: 'default', value: left, fallback: right }
    default:
      return { kind: 'compare', operator: operator as CompareOperator, left, right }
  }
}

function toPath(node: jsep.Expression, roots: readonly Root[]): PathNode {
  const segments: Array<string | number> = []
  let current = node
  while (current.type === 'MemberExpression') {
    const member = current as jsep.MemberExpression
    if (member.optional) throw new Refusal('"?." is not needed: use exists(…) or ?? for values that may be missing')
    segments.unshift(segmentOf(member))
    current = member.object
  }
  if (current.type === 'ThisExpression') throw new Refusal('"this" is not a path: paths start with data, contact, subject, occurred_at, type or id')
  if (current.type !== 'Identifier') throw new Refusal('a path starts with a name, e.g. data.lesson.id')
  const name = (current as jsep.Identifier).name
  if (!(roots as readonly string[]).includes(name)) {
    const hint = name === 'recipient' ? ' (recipient is known only when a message is planned, not here)' : `; text is written in quotes, e.g. "${name}"`
    throw new Refusal(`unknown name "${name}": paths start with ${roots.join(', ')}${hint}`)
  }
  for (const segment of segments) {
    if (typeof segment === 'string' && FORBIDDEN_SEGMENTS.has(segment)) throw new Refusal(`"${segment}" cannot be read`)
  }
  return { kind: 'path', root: name as Root, segments, text: pathText(name, segments) }
}

function segmentOf(member: jsep.MemberExpression): string | number {
  const property = member.property
  if (!member.computed) return (property as jsep.Identifier).name
  if (property.type === 'Literal') {
    const value = (property as jsep.Literal).value
    if (typeof value === 'string') return value
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  }
  throw new Refusal('[ ] takes a list position (0, 1…) or a quoted key, e.g. data.items[0] or data["first-name"]')
}

/** `data.items[0]["first-name"].x` */
export function pathText(root: string, segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((text, s) => (typeof s === 'number' ? `${text}[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${text}.${s}` : `${text}[${JSON.stringify(s)}]`), root)
}
