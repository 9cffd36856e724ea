import { TEMPLATE_LIMITS } from '../../limits.js'
import { fillPlaceholders } from '../../variables.js'
import { defineRule, hit } from './rule.js'
import { charLength, exact, offsetOfCodePoint } from './text.js'

const MAX_BODY = TEMPLATE_LIMITS.body

/** Source: docs/platform.md §3.6 "Body" — required. */
export const bodyRequired = defineRule({
  id: 'body.required',
  severity: 'error',
  summary: 'Every template has body text.',
  source: 'Platform doc §3.6 (Body: required)',
  check(template) {
    if (template.body.text.trim() !== '') return []
    return [hit('body', null, 'The body is empty.', 'Write the message text in the body.')]
  },
})

/** Source: platform doc §3.6 "Body" — at most 1,024 characters (creation error 2388040). */
export const bodyTooLong = defineRule({
  id: 'body.too-long',
  severity: 'error',
  summary: 'Body text is at most 1,024 characters.',
  source: 'Platform doc §3.6 (Body ≤1,024 chars; 2388040 length exceeded)',
  check(template) {
    const text = template.body.text
    const length = charLength(text)
    if (length <= MAX_BODY) return []
    const start = offsetOfCodePoint(text, MAX_BODY)
    return [hit('body', { start, end: text.length }, `Body is ${length} characters; the limit is ${MAX_BODY}. It runs over from ${exact(text, start, Math.min(text.length, start + 40))}.`, `Cut the body to ${MAX_BODY} characters or fewer (a link to the details helps).`)]
  },
})

/**
 * Source: platform doc §1.6 — the body with its parameters filled in must stay within 1,024
 * characters or the send fails (132005). Judged with the sample values.
 */
export const bodyFilledTooLong = defineRule({
  id: 'body.filled-too-long',
  severity: 'warning',
  summary: 'With its sample values filled in, the body passes 1,024 characters.',
  source: 'Platform doc §1.6 (hydrated body ≤1,024 chars, else 132005)',
  check(template) {
    const text = template.body.text
    if (charLength(text) > MAX_BODY) return [] // body.too-long already says so
    const filled = charLength(fillPlaceholders(text, template.body.examples))
    if (filled <= MAX_BODY) return []
    return [hit('body', null, `Filled with its samples the body is ${filled} characters; sends whose text passes ${MAX_BODY} fail (132005).`, 'Shorten the fixed text or the values you put in the variables.')]
  },
})

export const BODY_RULES = [bodyRequired, bodyTooLong, bodyFilledTooLong]
