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

const POSITIONAL = /^\{\{([1-9]\d*)\}\}$/
const NAMED = /^\{\{([a-z_][a-z0-9_]*)\}\}$/

/**
 * Every placeholder-like run in `text`: well-formed ones get a name, malformed ones (`{1}`,
 * `{{ 1 }}`, `{{{1}}}`, `{{#1}}`, `{{Name}}`) are reported with `name: null` so lint can point at them.
 * A run is braces, then anything but braces and newlines, then closing braces. Scanned by hand in
 * one pass: the regex `\{+[^{}\n]*\}+` restarts inside every run of `{` that is not closed, which is
 * quadratic on a long run of them.
 */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = []
  let from = 0
  for (;;) {
    const start = text.indexOf('{', from)
    if (start < 0) return found
    let content = start
    while (text[content] === '{') content++
    let close = content
    while (close < text.length && text[close] !== '{' && text[close] !== '}' && text[close] !== '\n') close++
    if (text[close] !== '}') {
      // Not closed before the next brace or newline: no placeholder starts in this run of `{`.
      from = close
      continue
    }
    let end = close
    while (text[end] === '}') end++
    found.push(placeholder(text.slice(start, end), start))
    from = end
  }
}

function placeholder(raw: string, start: number): Placeholder {
  const positional = POSITIONAL.exec(raw)
  const named = positional ? null : NAMED.exec(raw)
  return {
    raw,
    start,
    end: start + raw.length,
    name: positional?.[1] ?? named?.[1] ?? null,
    format: positional ? 'positional' : named ? 'named' : null,
  }
}

/** Names of the well-formed variables in order of first appearance, without repeats. */
export function variableNames(text: string): string[] {
  const names = new Set<string>()
  for (const p of findPlaceholders(text)) if (p.name !== null) names.add(p.name)
  return [...names]
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
