import type { Examples, TemplateDefinition } from '../../model.js'
import { findPlaceholders, type Placeholder } from '../../variables.js'
import { defineRule, hit, type Hit } from './rule.js'
import { quote } from './text.js'

/** Header text and body: the components whose variables take samples from their own `examples`. */
function exampled(template: TemplateDefinition): { component: 'header' | 'body'; text: string; examples: Examples }[] {
  const parts: { component: 'header' | 'body'; text: string; examples: Examples }[] = []
  if (template.header?.format === 'text') parts.push({ component: 'header', text: template.header.text, examples: template.header.examples })
  parts.push({ component: 'body', text: template.body.text, examples: template.body.examples })
  return parts
}

function blank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === ''
}

/**
 * Source: docs/platform.md §3.6 "Samples" — every variable needs an example value and every media
 * header a sample file; §3.6 "Buttons" — a URL button with a variable needs `example`.
 */
export const samplesMissing = defineRule({
  id: 'samples.missing',
  severity: 'error',
  summary: 'Every variable, media header and dynamic URL has a sample value.',
  source: 'Platform doc §3.6 (Samples; Buttons: URL needs example)',
  check(template) {
    const hits: Hit[] = []
    for (const { component, text, examples } of exampled(template)) {
      const seen = new Set<string>()
      for (const p of findPlaceholders(text)) {
        if (p.name === null || seen.has(p.name)) continue
        seen.add(p.name)
        if (!blank(examples[p.name])) continue
        hits.push(hit(component, { start: p.start, end: p.end }, `${p.raw} in the ${component} has no sample value: ${quote(text, p.start, p.end)}.`, `Add a realistic example for "${p.name}" (e.g. a child's first name, a date) — reviewers judge the template with it.`))
      }
    }
    const header = template.header
    if (header !== null && header.format !== 'text' && header.format !== 'location' && blank(header.example)) {
      hits.push(hit('header', null, `The ${header.format} header has no sample file.`, `Give the header a sample ${header.format} (a public URL or an uploaded media handle).`))
    }
    template.buttons.forEach((button, index) => {
      if (button.type !== 'url' || !findPlaceholders(button.url).some((p) => p.name !== null) || !blank(button.example)) return
      hits.push(hit('buttons', { button: index }, `URL button ${index + 1} (${JSON.stringify(button.text)}) has a variable in ${JSON.stringify(button.url)} but no sample value.`, 'Add an example for the end of the URL, e.g. a real lesson or invoice id.'))
    })
    return hits
  },
})

/** Parameter values may not hold newlines, tabs or more than 4 spaces in a row (platform doc §1.6, 132018). */
const BAD_VALUE = /[\n\r\t]| {5}/u

/**
 * Source: platform doc §1.6 — parameter values with a newline, tab or more than 4 consecutive
 * spaces are refused at send time (132018); a sample like that shows a value the template can
 * never carry.
 */
export const samplesFormat = defineRule({
  id: 'samples.format',
  severity: 'warning',
  summary: 'Sample values have no newlines, tabs or runs of more than 4 spaces.',
  source: 'Platform doc §1.6 (parameter whitespace → 132018)',
  check(template) {
    const hits: Hit[] = []
    for (const { component, text, examples } of exampled(template)) {
      // Where each variable first appears, found once: not one scan of the text per sample.
      const first = new Map<string, Placeholder>()
      for (const p of findPlaceholders(text)) if (p.name !== null && !first.has(p.name)) first.set(p.name, p)
      for (const name of Object.keys(examples)) {
        const value = examples[name]!
        if (!BAD_VALUE.test(value)) continue
        const p = first.get(name)
        hits.push(hit(component, p ? { start: p.start, end: p.end } : null, `The sample for "${name}" (${quote(value, 0, Math.min(value.length, 24))}) has a newline, tab or more than 4 spaces in a row; such values are refused when sending (132018).`, 'Use a one-line sample, and keep line breaks in the template text instead of in values.'))
      }
    }
    return hits
  },
})

/** Source: platform doc §3.1 (examples are matched to variables) — a sample for a variable the text lacks is usually a typo. */
export const samplesUnused = defineRule({
  id: 'samples.unused',
  severity: 'info',
  summary: 'A sample value for a variable the text does not have.',
  source: 'Platform doc §3.1 (example.body_text / header_text match the variables)',
  check(template) {
    const hits: Hit[] = []
    for (const { component, text, examples } of exampled(template)) {
      const names = new Set(findPlaceholders(text).map((p) => p.name))
      for (const name of Object.keys(examples)) {
        if (names.has(name)) continue
        hits.push(hit(component, null, `The ${component} has a sample for "${name}" but no {{${name}}} in its text.`, `Remove the sample or add {{${name}}} where it belongs (check the spelling).`))
      }
    }
    return hits
  },
})

export const SAMPLE_RULES = [samplesMissing, samplesFormat, samplesUnused]
