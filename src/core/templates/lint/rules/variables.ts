import type { TemplateDefinition } from '../../model.js'
import { findPlaceholders, type Placeholder } from '../../variables.js'
import { defineRule, hit, type Hit } from './rule.js'
import { at, quote, type TextPart } from './text.js'

/**
 * Parts whose `{{…}}` are variables: header text, body and URL buttons — and, for the syntax
 * rules, the footer (where variables are refused, see footer.variable). Named templates name
 * header and body variables only; a URL button's variable stays `{{1}}`, so the format rule
 * leaves URLs out.
 */
function variableParts(template: TemplateDefinition, { withFooter = false, withUrls = true } = {}): TextPart[] {
  const parts: TextPart[] = []
  if (template.header?.format === 'text') parts.push({ component: 'header', text: template.header.text, label: 'header' })
  parts.push({ component: 'body', text: template.body.text, label: 'body' })
  if (withFooter && template.footer !== null) parts.push({ component: 'footer', text: template.footer, label: 'footer' })
  if (!withUrls) return parts
  template.buttons.forEach((button, index) => {
    if (button.type === 'url') parts.push({ component: 'buttons', text: button.url, button: index, label: `button ${index + 1} URL` })
  })
  return parts
}

/** The well-formed variable a malformed placeholder was probably meant to be. */
function intended(raw: string, format: TemplateDefinition['parameterFormat']): string {
  const inner = raw.replace(/[{}#$%\s]/gu, '')
  if (/^\d+$/u.test(inner)) return `{{${Number(inner)}}}`
  const named = inner
    .replace(/([a-z0-9])([A-Z])/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/gu, '_')
    .replace(/^[_0-9]+|_+$/gu, '')
  if (named !== '' && format === 'named') return `{{${named}}}`
  return format === 'named' ? '{{lower_snake_name}}' : '{{1}}'
}

const DOUBLE_BRACED = /^\{\{|\}\}$/u

/** Source: docs/platform.md §3.6 "Variable syntax" — exact double braces, no `#`, `$`, `%` or spaces inside; named ones lower_snake. */
export const variablesMalformed = defineRule({
  id: 'variables.malformed',
  severity: 'error',
  summary: 'Variables are written exactly `{{1}}` or `{{lower_snake}}`.',
  source: 'Platform doc §3.6 (Variable syntax); Meta template guidelines (mismatched braces, #/$/% in variables are rejected)',
  check(template) {
    const hits: Hit[] = []
    for (const part of variableParts(template, { withFooter: true })) {
      for (const p of findPlaceholders(part.text)) {
        if (p.name !== null || !DOUBLE_BRACED.test(p.raw)) continue
        hits.push(hit(part.component, at(part, p.start, p.end), `${p.raw} in the ${part.label} is not a valid variable: ${quote(part.text, p.start, p.end)}.`, `Write it as ${intended(p.raw, template.parameterFormat)} — two braces each side, nothing else inside.`))
      }
    }
    return hits
  },
})

/** Source: platform doc §3.6 "Variable syntax" — only double braces make a variable; `{1}` is sent as written. */
export const variablesSingleBrace = defineRule({
  id: 'variables.single-brace',
  severity: 'warning',
  summary: '`{1}` or `{name}` looks like a variable but is sent literally.',
  source: 'Platform doc §3.6 (Variable syntax: exact double braces)',
  check(template) {
    const hits: Hit[] = []
    for (const part of variableParts(template, { withFooter: true })) {
      for (const p of findPlaceholders(part.text)) {
        if (p.name !== null || DOUBLE_BRACED.test(p.raw)) continue
        hits.push(hit(part.component, at(part, p.start, p.end), `${p.raw} in the ${part.label} has single braces, so it is not a variable and users would see it as written: ${quote(part.text, p.start, p.end)}.`, `Write ${intended(p.raw, template.parameterFormat)} if it is meant to be a variable; otherwise reword it without braces.`))
      }
    }
    return hits
  },
})

/** Source: platform doc §1.6 and §3.6 — a template is positional or named (`parameter_format`), never both. */
export const variablesMixedFormat = defineRule({
  id: 'variables.mixed-format',
  severity: 'error',
  summary: 'All variables follow the template\'s parameter format (positional or named).',
  source: 'Platform doc §1.6 (do not mix named and positional), §3.1 (parameter_format)',
  check(template) {
    const hits: Hit[] = []
    for (const part of variableParts(template, { withUrls: false })) {
      const wrong = findPlaceholders(part.text).filter((p) => p.format !== null && p.format !== template.parameterFormat)
      const first = wrong[0]
      if (first === undefined) continue
      const list = [...new Set(wrong.map((p) => p.raw))].join(', ')
      hits.push(
        hit(
          part.component,
          at(part, first.start, first.end),
          `The template is declared ${template.parameterFormat}, but the ${part.label} uses ${first.format} variables (${list}): ${quote(part.text, first.start, first.end)}.`,
          template.parameterFormat === 'named'
            ? 'Use named variables such as {{child_name}} everywhere, or declare the template positional.'
            : 'Use numbered variables {{1}}, {{2}}… everywhere, or declare the template named.',
        ),
      )
    }
    return hits
  },
})

function positional(text: string): Placeholder[] {
  return findPlaceholders(text).filter((p) => p.format === 'positional')
}

const SHOWN = 10

/**
 * The first few numbers from 1 up to the highest used that are not used. Bounded by the count of
 * used numbers, not by their size: `{{99999999}}` must not walk a hundred million numbers.
 */
function missingNumbers(numbers: ReadonlySet<number>): number[] {
  let highest = 0
  for (const n of numbers) highest = Math.max(highest, n)
  const missing: number[] = []
  for (let n = 1; n <= highest && missing.length <= SHOWN; n++) if (!numbers.has(n)) missing.push(n)
  return missing
}

/** `{{1}}, {{2}}, …` — at most SHOWN of them, so a message stays short on any input. */
function listed(numbers: readonly number[]): string {
  const shown = numbers.slice(0, SHOWN).map((n) => `{{${n}}}`)
  return numbers.length > SHOWN ? `${shown.join(', ')}, …` : shown.join(', ')
}

/** Source: platform doc §3.6 "Variable syntax" — each component numbers its variables from {{1}} with no gaps. */
export const variablesSequence = defineRule({
  id: 'variables.sequence',
  severity: 'error',
  summary: 'Numbered variables run {{1}}, {{2}}… with no gaps, in each component.',
  source: 'Platform doc §3.6 (Variable syntax: sequential from 1 with no gaps); Meta template guidelines',
  check(template) {
    if (template.parameterFormat !== 'positional') return []
    const hits: Hit[] = []
    for (const part of variableParts(template)) {
      const found = positional(part.text)
      const numbers = new Set(found.map((p) => Number(p.name)))
      const missing = missingNumbers(numbers)
      if (missing.length === 0) continue
      const first = missing[0]!
      const culprit = found.find((p) => Number(p.name) > first)!
      const used = listed([...numbers].sort((a, b) => a - b))
      hits.push(hit(part.component, at(part, culprit.start, culprit.end), `The ${part.label} uses ${used} but not ${listed(missing)}; numbering must start at {{1}} with no gaps: ${quote(part.text, culprit.start, culprit.end)}.`, `Renumber the ${part.label}'s variables {{1}} to {{${numbers.size}}} and their samples to match.`))
    }
    return hits
  },
})

/** Source: platform doc §3.6 "Variable syntax" (sequential) — WhatsApp Manager numbers variables in reading order; some reviews reject `{{2}}` before `{{1}}`. */
export const variablesOrder = defineRule({
  id: 'variables.order',
  severity: 'warning',
  summary: 'Numbered variables first appear in order: {{1}} before {{2}}.',
  source: 'Platform doc §3.6 (Variable syntax: sequential); WhatsApp Manager numbering',
  check(template) {
    if (template.parameterFormat !== 'positional') return []
    const hits: Hit[] = []
    for (const part of variableParts(template)) {
      const found = positional(part.text)
      const numbers = new Set(found.map((p) => Number(p.name)))
      let highest = 0
      for (const p of found) {
        const n = Number(p.name)
        // A number whose predecessor is missing altogether is a gap (variables.sequence), not disorder.
        if (n > highest + 1 && numbers.has(highest + 1)) {
          hits.push(hit(part.component, at(part, p.start, p.end), `In the ${part.label}, ${p.raw} comes before {{${highest + 1}}}: ${quote(part.text, p.start, p.end)}.`, 'Number the variables in the order they appear in the text (and reorder the samples).'))
          break
        }
        highest = Math.max(highest, n)
      }
    }
    return hits
  },
})

/** Anything that is not a letter or digit: whitespace, punctuation, symbols, emoji, joiners. */
const NOTHING_MEANINGFUL = /^[^\p{L}\p{N}]*$/u

/**
 * Source: platform doc §3.6 "Variable placement" — the body may not start or end with a
 * variable; trailing punctuation does not help (2388299, "dangling parameter"). AUTHENTICATION
 * is exempt: the platform writes that body itself (`{{1}} is your verification code.`).
 */
export const bodyVariableAtEdge = defineRule({
  id: 'body.variable-at-edge',
  severity: 'error',
  summary: 'The body neither starts nor ends with a variable (punctuation around it does not count).',
  source: 'Platform doc §3.6 (Variable placement → 2388299 dangling parameter)',
  check(template) {
    if (template.category === 'AUTHENTICATION') return []
    const text = template.body.text
    const found = findPlaceholders(text).filter((p) => p.name !== null)
    const first = found[0]
    const last = found[found.length - 1]
    if (first === undefined || last === undefined) return []
    const hits: Hit[] = []
    if (NOTHING_MEANINGFUL.test(text.slice(0, first.start))) {
      hits.push(hit('body', { start: first.start, end: first.end }, `The body starts with the variable ${first.raw}: ${quote(text, first.start, first.end)}.`, `Put words before it, e.g. "Hello ${first.raw}, …".`))
    }
    if (NOTHING_MEANINGFUL.test(text.slice(last.end)) && (last !== first || hits.length === 0)) {
      hits.push(hit('body', { start: last.start, end: last.end }, `The body ends with the variable ${last.raw}${last.end < text.trimEnd().length ? ' (punctuation after it does not count)' : ''}: ${quote(text, last.start, last.end)}.`, 'Add a closing sentence after it, e.g. "… See you soon!".'))
    }
    return hits
  },
})

/**
 * Source: platform doc §3.6 "Adjacent variables" — `{{1}} {{2}}` with nothing meaningful between
 * is refused by WhatsApp Manager and validators (not confirmed from Meta's API text: warning).
 */
export const variablesAdjacent = defineRule({
  id: 'variables.adjacent',
  severity: 'warning',
  summary: 'Two variables need words between them.',
  source: 'Platform doc §3.6 (Adjacent variables; WhatsApp Manager and validators)',
  check(template) {
    const hits: Hit[] = []
    for (const part of variableParts(template)) {
      const found = findPlaceholders(part.text).filter((p) => p.name !== null)
      for (let i = 1; i < found.length; i++) {
        const a = found[i - 1]!
        const b = found[i]!
        if (!NOTHING_MEANINGFUL.test(part.text.slice(a.end, b.start))) continue
        hits.push(hit(part.component, at(part, a.start, b.end), `${a.raw} and ${b.raw} in the ${part.label} have nothing but spaces or punctuation between them: ${quote(part.text, a.start, b.end)}.`, `Put a word between them (e.g. "${a.raw} at ${b.raw}") or merge them into one variable.`))
      }
    }
    return hits
  },
})

export const VARIABLE_RULES = [variablesMalformed, variablesSingleBrace, variablesMixedFormat, variablesSequence, variablesOrder, bodyVariableAtEdge, variablesAdjacent]
