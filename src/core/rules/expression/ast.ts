/**
 * The expression language of rules, as a closed tree: only these nodes exist, so only these
 * operations can run (no calls other than `exists`, no property lookups beyond own data fields).
 */

/** Where a path starts: the event's fields, and `recipient` while a send is planned. */
export const EVENT_ROOTS = ['id', 'type', 'occurred_at', 'contact', 'subject', 'data'] as const
/** Roots while a send is planned: the event's and the recipient. */
export const SEND_ROOTS = [...EVENT_ROOTS, 'recipient'] as const
/** A root a path may start with. */
export type Root = (typeof SEND_ROOTS)[number]

/** The comparison operators (`=`, `===` are refused with a hint). */
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>='

/** A node of the closed tree; the evaluator handles each kind and nothing else. */
export type Node =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'list'; items: Node[] }
  | PathNode
  | { kind: 'not'; operand: Node }
  | { kind: 'logical'; operator: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; operator: CompareOperator; left: Node; right: Node }
  | { kind: 'in'; item: Node; list: Node }
  /** `a ?? b`: `b` when `a` is missing or null. */
  | { kind: 'default'; value: Node; fallback: Node }
  /** `exists(path)`: the path is there and not null. */
  | { kind: 'exists'; path: PathNode }

/** `data.lesson.id`, `data.items[0]`, `data["first-name"]`. */
export interface PathNode {
  kind: 'path'
  root: Root
  segments: Array<string | number>
  /** Canonical text, for messages and cancel keys. */
  text: string
}

/** A parsed expression and the text it came from. */
export interface Expression {
  source: string
  root: Node
}
