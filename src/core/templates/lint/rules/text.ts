import type { TemplateComponent, TemplateDefinition } from '../../model.js'
import { findPlaceholders, type Placeholder } from '../../variables.js'
import type { FindingPosition } from '../finding.js'

/** One piece of template text a rule can point into. */
export interface TextPart {
  component: TemplateComponent
  text: string
  /** Set for a button's label or URL. */
  button?: number
  /** What the text is, for messages: "header", "body", "footer", "button 2 label", "button 1 URL". */
  label: string
}

/** The header text, body and footer, in component order (the parts that can hold prose). */
export function proseParts(template: TemplateDefinition): TextPart[] {
  const parts: TextPart[] = []
  if (template.header?.format === 'text') parts.push({ component: 'header', text: template.header.text, label: 'header' })
  parts.push({ component: 'body', text: template.body.text, label: 'body' })
  if (template.footer !== null) parts.push({ component: 'footer', text: template.footer, label: 'footer' })
  return parts
}

/** Prose parts plus every button label (what a reader sees). */
export function visibleParts(template: TemplateDefinition): TextPart[] {
  const parts = proseParts(template)
  template.buttons.forEach((button, index) => {
    if (button.type !== 'copy_code') parts.push({ component: 'buttons', text: button.text, button: index, label: `button ${index + 1} label` })
  })
  return parts
}

/** A position inside a part (adds the button index for button parts). */
export function at(part: Pick<TextPart, 'button'>, start: number, end: number): FindingPosition {
  return part.button === undefined ? { start, end } : { button: part.button, start, end }
}

const CONTEXT = 24

/**
 * The offending text with a little context, quoted for a message: `"…on {{3}} {{4}}. See…"`.
 * Newlines and tabs are shown escaped so a message stays on one line.
 */
export function quote(text: string, start: number, end: number): string {
  const from = Math.max(0, start - CONTEXT)
  const to = Math.min(text.length, end + CONTEXT)
  const excerpt = (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '')
  return JSON.stringify(excerpt)
}

/** Just the offending text, quoted. */
export function exact(text: string, start: number, end: number): string {
  return JSON.stringify(text.slice(start, end))
}

/** Replaces every placeholder-like run with spaces, keeping offsets, so word rules don't see variable names. */
export function maskPlaceholders(text: string, placeholders: readonly Placeholder[] = findPlaceholders(text)): string {
  let out = ''
  let at = 0
  for (const p of placeholders) {
    out += text.slice(at, p.start) + ' '.repeat(p.end - p.start)
    at = p.end
  }
  return out + text.slice(at)
}

/** Length as a person counts it (code points), which is how the platform's limits read. */
export function charLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** The UTF-16 offset of the code point at index `limit` (where text starts to exceed a limit). */
export function offsetOfCodePoint(text: string, limit: number): number {
  let n = 0
  let offset = 0
  for (const ch of text) {
    if (n === limit) return offset
    n++
    offset += ch.length
  }
  return text.length
}

/** Emoji (pictographs, flags, keycaps), one match per visible emoji. Global: use with `matchAll`. */
export const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F\u20E3/gu

/** http(s) and www. links written in text. Global: use with `matchAll`. */
export const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu

/**
 * E-mail addresses written in text. Global: use with `matchAll`. The look-behind lets a match
 * start only where a run of address characters starts: without it a long run with no `@` is
 * rescanned from every one of its characters (quadratic).
 */
export const EMAIL_IN_TEXT = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu

/** Words as the density and similarity rules count them: runs of letters or digits. */
export const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu

/** Number of words in `text` (placeholders should be masked first). */
export function countWords(text: string): number {
  let n = 0
  for (const _ of text.matchAll(WORD)) n++
  return n
}
