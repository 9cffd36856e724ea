import type { LintFinding, ManagedTemplate } from '../../api/types.ts'

/** A piece of a template's text: words as written, or a placeholder (`{{1}}`, `{{child_name}}`). */
export type TextPart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string; raw: string }

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** Splits a text at its placeholders, so they can be shown apart from the words around them. */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = []
  let at = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > at) parts.push({ kind: 'text', text: text.slice(at, match.index) })
    parts.push({ kind: 'placeholder', name: match[1]!, raw: match[0] })
    at = match.index + match[0].length
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) })
  return parts
}

export function bodyText(template: ManagedTemplate): string {
  return typeof template.body === 'string' ? template.body : template.body.text
}

/** One sample value the template was submitted with, and where it goes. */
export interface Sample {
  part: 'header' | 'body' | 'button'
  /** The variable's name, or the button's position for a button's sample. */
  name: string
  value: string
}

export function samplesOf(template: ManagedTemplate): Sample[] {
  const samples: Sample[] = []
  const header = template.header
  if (header?.format === 'text') for (const [name, value] of Object.entries(header.examples ?? {})) samples.push({ part: 'header', name, value })
  if (header && header.format !== 'text' && header.format !== 'location' && header.example) samples.push({ part: 'header', name: header.format, value: header.example })
  if (typeof template.body !== 'string') for (const [name, value] of Object.entries(template.body.examples ?? {})) samples.push({ part: 'body', name, value })
  template.buttons?.forEach((button, index) => {
    if (button.example) samples.push({ part: 'button', name: String(index + 1), value: button.example })
  })
  return samples
}

/** How many findings of each severity. */
export function lintCounts(findings: readonly LintFinding[]): Record<LintFinding['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 }
  for (const finding of findings) counts[finding.severity]++
  return counts
}
