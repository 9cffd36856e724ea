import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { closest } from './closest.js'
import type { Rule } from './model.js'
import { KNOWN_KEYS, rulesDocumentSchema } from './rules-schema.js'

/** A mistake in a rules document: the line it is on (1-based; null when it has none), where, and what. */
export interface RulesDocumentError {
  line: number | null
  /** Where in the document, e.g. `rules.0.send.params.time.format` (empty for the whole document). */
  path: string
  message: string
}

/** The validated rules, or every mistake in the document. */
export type RulesDocumentResult = { ok: true; rules: Rule[] } | { ok: false; errors: RulesDocumentError[] }

type Issue = z.core.$ZodIssue
type Path = Array<string | number>

/**
 * Reads a rules document (YAML, or JSON, which is YAML too) into validated rules, or every
 * mistake in it with its line: YAML syntax, unknown keys (with a did-you-mean), wrong values,
 * expression syntax, unknown formatter names, duplicate rule ids. What only an event can tell
 * (a `before:` path that turns out not to hold a date-time) is reported when rules are evaluated.
 *
 * Parsing lives in the core, not at the edge, because the line of an error is known only while
 * the YAML tree is at hand: the file watcher, `PUT /v1/rules` and the CLI all get the same errors.
 */
export function parseRulesDocument(text: string): RulesDocumentResult {
  // Checked before parsing: the YAML library's duplicate-key check, and the unknown-key look-ups
  // below, grow with the square of a mapping's size, and a megabyte of keys would hold the event
  // loop for minutes. A school's whole rule set is a few kilobytes.
  if (text.length > MAX_RULES_DOCUMENT_CHARS) {
    return { ok: false, errors: [{ line: null, path: '', message: `the document is ${text.length} characters long; at most ${MAX_RULES_DOCUMENT_CHARS} are read` }] }
  }
  const lines = new LineCounter()
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const lineOf = (node: Node | null) => (node?.range ? lines.linePos(node.range[0]).line : null)
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0]! })) }
  }
  const plain = plainValue(document, lines)
  if (!plain.ok) return { ok: false, errors: [{ line: plain.line, path: '', message: plain.message }] }
  const value = plain.value
  if (value === null || value === undefined) return { ok: false, errors: [{ line: null, path: '', message: 'the document is empty: write rules: and a list of rules' }] }

  const errors: RulesDocumentError[] = duplicateIds(value).map(({ path, id }) => ({ line: lineOf(nodeAt(document, path)), path: path.join('.'), message: `rule id "${id}" is used by an earlier rule` }))
  const parsed = rulesDocumentSchema.safeParse(value)
  if (parsed.success && errors.length === 0) return { ok: true, rules: parsed.data.rules }
  for (const issue of parsed.success ? [] : flatten(parsed.error.issues, [])) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const guess = closest(key, KNOWN_KEYS)
        const path = [...issue.path, key]
        errors.push({ line: lineOf(keyNodeAt(document, issue.path, key) ?? nodeAt(document, issue.path)), path: path.join('.'), message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}` })
      }
    } else {
      errors.push({ line: lineOf(nodeAt(document, issue.path)), path: issue.path.join('.'), message: messageOf(issue, value) })
    }
  }
  errors.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
  return { ok: false, errors: dedupe(errors) }
}

/** The longest rules document read, in UTF-16 code units (examples/rules.yaml is under 4,000). */
export const MAX_RULES_DOCUMENT_CHARS = 65_536

/** Aliases a document may resolve (the yaml library's measure: aliases × their expansions). */
export const MAX_ALIAS_COUNT = 100

/**
 * A parsed YAML document as plain data, or why not: a document whose anchors and aliases expand
 * past MAX_ALIAS_COUNT ("billion laughs") is refused instead of built — its text is small, its
 * value exponential. Shared by every reader of YAML from users (rules, template files).
 */
export function plainValue(document: Document, lines: LineCounter): { ok: true; value: unknown } | { ok: false; line: number | null; message: string } {
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) }
  } catch (error) {
    // The yaml library throws ReferenceError only for aliases: too many, or one it cannot resolve.
    if (!(error instanceof ReferenceError)) throw error
    let line: number | null = null
    visit(document, {
      Alias(_key, node) {
        if (node.range) line = lines.linePos(node.range[0]).line
        return visit.BREAK
      },
    })
    return { ok: false, line, message: `the document's anchors and aliases (&name, *name) expand too far (${error.message}); write the values out or use fewer aliases` }
  }
}

/**
 * A union's issues say only "invalid input"; the useful ones are inside the branch the value was
 * meant for, i.e. the branch that did not fail on the value's type. With none or several such
 * branches, the union's own message (which lists the accepted forms) is the clearest.
 */
function flatten(issues: readonly Issue[], prefix: Path): Array<Issue & { path: Path }> {
  const out: Array<Issue & { path: Path }> = []
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as Path)]
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      const fitting = issue.errors.filter((branch) => !isTypeMismatch(branch))
      if (fitting.length === 1) {
        out.push(...flatten(fitting[0]!, path))
        continue
      }
    }
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // A record's key failed its own check: say what the key should be, not "Invalid key in record".
      out.push({ ...issue, path, message: issue.issues.map((i) => i.message).join('; ') })
      continue
    }
    out.push({ ...issue, path })
  }
  return out
}

/** A branch that refused the value for its type alone (so the value was not meant for it). */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  return branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && 'errors' in i && i.errors.every(isTypeMismatch))))
}

function messageOf(issue: Issue & { path: Path }, value: unknown): string {
  const absent = (issue.code === 'invalid_type' || issue.code === 'invalid_union') && valueAt(value, issue.path) === undefined
  if (absent) return `${issue.path.length > 0 ? `"${String(issue.path.at(-1))}"` : 'this'} is required`
  return issue.message.replace(/^Invalid input: /, '')
}

function valueAt(value: unknown, path: Path): unknown {
  let current = value
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}

function duplicateIds(value: unknown): Array<{ path: Path; id: string }> {
  const rules = (value as { rules?: unknown }).rules
  if (!Array.isArray(rules)) return []
  const seen = new Set<string>()
  const out: Array<{ path: Path; id: string }> = []
  rules.forEach((rule: unknown, index) => {
    const id = rule && typeof rule === 'object' ? (rule as { id?: unknown }).id : undefined
    if (typeof id !== 'string') return
    if (seen.has(id)) out.push({ path: ['rules', index, 'id'], id })
    seen.add(id)
  })
  return out
}

/** The deepest node that exists along `path` (a missing key points at its parent). */
function nodeAt(document: Document, path: Path): Node | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true)
    if (node && typeof node === 'object' && 'range' in node && (node as Node).range) return node as Node
    // A YAML key may be a number (`0:` under buttons) while the path holds a string.
    if (depth > 0 && typeof path[depth - 1] === 'string' && /^\d+$/.test(path[depth - 1] as string)) {
      const numeric = document.getIn([...path.slice(0, depth - 1), Number(path[depth - 1])], true)
      if (numeric && typeof numeric === 'object' && 'range' in numeric) return numeric as Node
    }
  }
  return null
}

/** The key node of `key` in the map at `path`, to point at a misspelt key itself. */
function keyNodeAt(document: Document, path: Path, key: string): Node | null {
  const map = path.length === 0 ? document.contents : document.getIn(path, true)
  if (!isMap(map)) return null
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
  return pair && isScalar(pair.key) ? pair.key : null
}

function dedupe(errors: RulesDocumentError[]): RulesDocumentError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const key = `${e.line}|${e.path}|${e.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
