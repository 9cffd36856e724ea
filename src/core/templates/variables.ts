import type { ParameterFormat } from './model.js'

/** A `{{…}}` placeholder found in template text, with its character offsets. */
export interface Placeholder {
  /** The text as written, e.g. `{{1}}` or `{{ child name }}`. */
  raw: string
  start: number
  end: number
  /** The variable name when the placeholder is well formed (`"1"`, `"child_name"`), else null. */
  name: string | null
  /** Which format a well-formed placeholder belongs to. */
  format: ParameterFormat | null
}

const CANDIDATE = /\{+[^{}\n]*\}+/g
const POSITIONAL = /^\{\{([1-9]\d*)\}\}$/
const NAMED = /^\{\{([a-z_][a-z0-9_]*)\}\}$/

/**
 * Every placeholder-like run in `text`: well-formed ones get a name, malformed ones (`{1}`,
 * `{{ 1 }}`, `{{{1}}}`, `{{#1}}`, `{{Name}}`) are reported with `name: null` so lint can point at them.
 */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = []
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = match[0]
    const start = match.index
    const positional = POSITIONAL.exec(raw)
    const named = positional ? null : NAMED.exec(raw)
    found.push({
      raw,
      start,
      end: start + raw.length,
      name: positional?.[1] ?? named?.[1] ?? null,
      format: positional ? 'positional' : named ? 'named' : null,
    })
  }
  return found
}

/** Names of the well-formed variables in order of first appearance, without repeats. */
export function variableNames(text: string): string[] {
  const names: string[] = []
  for (const p of findPlaceholders(text)) if (p.name !== null && !names.includes(p.name)) names.push(p.name)
  return names
}

/** Replaces every well-formed placeholder with its value; unknown names are left as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  let out = ''
  let at = 0
  for (const p of findPlaceholders(text)) {
    const value = p.name === null ? undefined : values[p.name]
    if (value === undefined) continue
    out += text.slice(at, p.start) + value
    at = p.end
  }
  return out + text.slice(at)
}
