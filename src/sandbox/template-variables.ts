/**
 * `{{…}}` placeholders in template text (docs/platform.md §3.6): positional `{{1}}`, `{{2}}` … or named
 * `{{lower_snake}}`, with exact double braces. The sandbox's own reading, used by the create-time
 * checks, the review and the send-time hydration.
 */

export interface Placeholder {
  /** The text between the braces, as written. */
  inner: string
  kind: 'positional' | 'named' | 'invalid'
  start: number
  end: number
}

const TOKEN = /\{\{([^{}]*)\}\}/g
const POSITIONAL = /^[1-9][0-9]*$/
const NAMED = /^[a-z_][a-z0-9_]*$/

export function placeholders(text: string): Placeholder[] {
  const found: Placeholder[] = []
  for (const m of text.matchAll(TOKEN)) {
    const inner = m[1]!
    const kind = POSITIONAL.test(inner) ? 'positional' : NAMED.test(inner) ? 'named' : 'invalid'
    found.push({ inner, kind, start: m.index, end: m.index + m[0].length })
  }
  return found
}

/** Braces left over once every `{{…}}` token is removed: `{{1}`, `{1}}`, `{{{1}}}`. */
export function hasStrayBraces(text: string): boolean {
  const rest = text.replace(TOKEN, '')
  return rest.includes('{{') || rest.includes('}}')
}

/** The distinct variable names in order of first appearance (`'1'`, `'2'` or `'first_name'`). */
export function variableNames(text: string | undefined): string[] {
  if (!text) return []
  const names: string[] = []
  for (const p of placeholders(text)) if (p.kind !== 'invalid' && !names.includes(p.inner)) names.push(p.inner)
  return names
}

/**
 * Why the placeholders of `text` are malformed for `format`, or null: invalid characters inside the
 * braces, stray braces, the other format's syntax, or positional numbers that do not run 1…n.
 * Repeating a variable is not refused: §3.6 does not say it is, and it is harmless to hydrate.
 */
export function placeholderProblem(text: string, format: 'POSITIONAL' | 'NAMED'): string | null {
  if (hasStrayBraces(text)) return 'Variables must be written with exactly two braces on each side, like {{1}}.'
  const found = placeholders(text)
  const invalid = found.find((p) => p.kind === 'invalid')
  if (invalid) return `Variable {{${invalid.inner}}} has invalid characters.`
  const wrong = found.find((p) => p.kind !== (format === 'NAMED' ? 'named' : 'positional'))
  if (wrong) return `Variable {{${wrong.inner}}} does not match the parameter format ${format}.`
  if (format === 'POSITIONAL') {
    const numbers = new Set(found.map((p) => Number(p.inner)))
    for (let i = 1; i <= numbers.size; i++) {
      if (!numbers.has(i)) return `Variables must be sequential from {{1}} without gaps; {{${i}}} is missing.`
    }
  }
  return null
}

/** Fills `text`'s placeholders: positional `{{n}}` from `values[n-1]`, named from `values[name]`. */
export function hydrate(text: string, values: readonly string[] | Readonly<Record<string, string>>): string {
  return text.replace(TOKEN, (whole, inner: string) => {
    const value = Array.isArray(values) ? (values as readonly string[])[Number(inner) - 1] : (values as Record<string, string>)[inner]
    return value ?? whole
  })
}
