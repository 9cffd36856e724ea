import { TEMPLATE_LIMITS } from '../../limits.js'
import { findPlaceholders } from '../../variables.js'
import { defineRule, hit } from './rule.js'
import { charLength, exact, offsetOfCodePoint, quote } from './text.js'

const MAX_FOOTER = TEMPLATE_LIMITS.footer

/** Source: docs/platform.md §3.6 "Footer" — no variables (creation error 2388073). */
export const footerVariable = defineRule({
  id: 'footer.variable',
  severity: 'error',
  summary: 'Footers cannot have variables.',
  source: 'Platform doc §3.6 (Footer: no variables → 2388073)',
  check(template) {
    const footer = template.footer
    if (footer === null) return []
    return findPlaceholders(footer)
      .filter((p) => p.name !== null)
      .map((p) => hit('footer', { start: p.start, end: p.end }, `Footer has the variable ${p.raw}: ${quote(footer, p.start, p.end)}; footers are fixed text.`, 'Move the variable into the body, or write the footer without it.'))
  },
})

/** Source: platform doc §3.6 "Footer" — at most 60 characters. */
export const footerTooLong = defineRule({
  id: 'footer.too-long',
  severity: 'error',
  summary: 'Footers are at most 60 characters.',
  source: 'Platform doc §3.6 (Footer ≤60 chars; 2388040 length exceeded)',
  check(template) {
    const footer = template.footer
    if (footer === null) return []
    const length = charLength(footer)
    if (length <= MAX_FOOTER) return []
    const start = offsetOfCodePoint(footer, MAX_FOOTER)
    return [hit('footer', { start, end: footer.length }, `Footer is ${length} characters; the limit is ${MAX_FOOTER}. Past the limit: ${exact(footer, start, footer.length)}.`, `Shorten the footer to ${MAX_FOOTER} characters.`)]
  },
})

export const FOOTER_RULES = [footerVariable, footerTooLong]
