import { TEMPLATE_LIMITS } from '../../limits.js'
import { findPlaceholders } from '../../variables.js'
import { defineRule, hit, type Hit } from './rule.js'
import { charLength, EMOJI, exact, maskPlaceholders, offsetOfCodePoint, quote } from './text.js'
import type { TemplateDefinition } from '../../model.js'

const MAX_HEADER = TEMPLATE_LIMITS.headerText
/** WhatsApp's formatting markers: *bold*, _italic_, ~strike~, `mono`. */
const FORMAT_CHARACTER = /[*_~`]/u

function headerText(template: TemplateDefinition): string | null {
  return template.header?.format === 'text' ? template.header.text : null
}

function onHeader(check: (text: string) => Hit[]) {
  return (template: TemplateDefinition): Hit[] => {
    const text = headerText(template)
    return text === null ? [] : check(text)
  }
}

/** Source: docs/platform.md §3.6 "Header text" — at most 60 characters (creation error 2388040). */
export const headerTooLong = defineRule({
  id: 'header.too-long',
  severity: 'error',
  summary: 'Text headers are at most 60 characters.',
  source: 'Platform doc §3.6 (Header text ≤60 chars; 2388040 length exceeded)',
  check: onHeader((text) => {
    const length = charLength(text)
    if (length <= MAX_HEADER) return []
    const start = offsetOfCodePoint(text, MAX_HEADER)
    return [
      hit('header', { start, end: text.length }, `Header is ${length} characters; the limit is ${MAX_HEADER}. Past the limit: ${exact(text, start, text.length)}.`, `Shorten the header to ${MAX_HEADER} characters or move the detail into the body.`),
    ]
  }),
})

/** Source: platform doc §3.6 "Header text" — a text header must have text. */
export const headerEmpty = defineRule({
  id: 'header.empty',
  severity: 'error',
  summary: 'A text header needs text.',
  source: 'Platform doc §3.6 (Header text)',
  check: onHeader((text) =>
    text.trim() === '' ? [hit('header', null, 'The text header is empty.', 'Write a short header or remove the header.')] : [],
  ),
})

/** Source: platform doc §1.6 and §3.6 "Header text" — at most one variable. */
export const headerTooManyVariables = defineRule({
  id: 'header.too-many-variables',
  severity: 'error',
  summary: 'A text header has at most one variable.',
  source: 'Platform doc §1.6 (one header text parameter), §3.6 (≤1 variable)',
  check: onHeader((text) => {
    const placeholders = findPlaceholders(text).filter((p) => p.name !== null)
    const names = new Set(placeholders.map((p) => p.name))
    if (names.size <= 1) return []
    const second = placeholders.find((p) => p.name !== placeholders[0]!.name)!
    return [hit('header', { start: second.start, end: second.end }, `Header has ${names.size} variables (${[...names].map((n) => `{{${n}}}`).join(', ')}); the platform allows one: ${quote(text, second.start, second.end)}.`, 'Keep one variable in the header and move the others into the body.')]
  }),
})

/** Source: platform doc §3.6 "Header text" — no newlines (creation error 2388047 header format). */
export const headerNewline = defineRule({
  id: 'header.newline',
  severity: 'error',
  summary: 'A text header is one line.',
  source: 'Platform doc §3.6 (Header text: no newlines; 2388047 header format)',
  check: onHeader((text) => {
    const at = text.search(/[\r\n]/u)
    if (at < 0) return []
    return [hit('header', { start: at, end: at + 1 }, `Header has a line break: ${quote(text, at, at + 1)}.`, 'Write the header on one line; put further lines in the body.')]
  }),
})

/**
 * Source: platform doc §3.6 "Header text" — Meta says formatting characters are unsupported in
 * headers (2388047); `*` in headers is a commonly reported rejection.
 */
export const headerFormatCharacters = defineRule({
  id: 'header.format-characters',
  severity: 'error',
  summary: 'No formatting characters (* _ ~ `) in a text header.',
  source: 'Platform doc §3.6 (Header text: no markdown/format characters; 2388047)',
  check: onHeader((text) => {
    const masked = maskPlaceholders(text)
    const at = masked.search(FORMAT_CHARACTER)
    if (at < 0) return []
    return [hit('header', { start: at, end: at + 1 }, `Header uses the formatting character ${exact(text, at, at + 1)}: ${quote(text, at, at + 1)}; headers show plain text only.`, 'Remove the formatting characters from the header; format the body instead.')]
  }),
})

/** Source: platform doc §3.6 "Header text" — emojis in headers are commonly reported as rejected (not in Meta's text). */
export const headerEmoji = defineRule({
  id: 'header.emoji',
  severity: 'warning',
  summary: 'Emojis in a text header are often rejected.',
  source: 'Platform doc §3.6 (Header text: emojis commonly reported as rejected)',
  check: onHeader((text) => {
    const first = text.matchAll(EMOJI).next()
    if (first.done) return []
    const { index: start, 0: emoji } = first.value
    return [hit('header', { start, end: start + emoji.length }, `Header has the emoji ${JSON.stringify(emoji)}: ${quote(text, start, start + emoji.length)}.`, 'Remove emojis from the header; the body may carry them.')]
  }),
})

export const HEADER_RULES = [headerEmpty, headerTooLong, headerTooManyVariables, headerNewline, headerFormatCharacters, headerEmoji]
