import type { TemplateDefinition } from '../../model.js'
import { findPlaceholders } from '../../variables.js'
import { defineRule, hit, type Hit } from './rule.js'
import { at, charLength, EMOJI, quote, URL_IN_TEXT, visibleParts } from './text.js'

const MAX_CODE = 15

function onAuthentication(check: (template: TemplateDefinition) => Hit[]) {
  return (template: TemplateDefinition): Hit[] => (template.category === 'AUTHENTICATION' ? check(template) : [])
}

/** Source: docs/platform.md §3.6 "Authentication" (must use an OTP button) and §8 (authentication templates with OTP buttons). */
export const authenticationOtpButton = defineRule({
  id: 'authentication.otp-button',
  severity: 'error',
  summary: 'An AUTHENTICATION template has a copy-code (OTP) button.',
  source: 'Platform doc §3.6 (Authentication: must use OTP button), §8',
  check: onAuthentication((template) => {
    if (template.buttons.some((b) => b.type === 'copy_code')) return []
    return [hit('buttons', null, 'This AUTHENTICATION template has no copy-code button; the platform requires an OTP button.', 'Add a copy-code button whose example is a sample code (≤15 characters).')]
  }),
})

/** Source: platform doc §3.1 (authentication templates use OTP buttons) — quick replies and call buttons are not offered there. */
export const authenticationButtons = defineRule({
  id: 'authentication.buttons',
  severity: 'error',
  summary: 'An AUTHENTICATION template has only its OTP button.',
  source: 'Platform doc §3.1 (Authentication: OTP button with otp_type), §3.6',
  check: onAuthentication((template) => {
    const hits: Hit[] = []
    template.buttons.forEach((button, index) => {
      if (button.type === 'quick_reply' || button.type === 'phone_number') {
        hits.push(hit('buttons', { button: index }, `Button ${index + 1} (${button.type.replace('_', ' ')}, ${JSON.stringify(button.text)}) is not allowed in an AUTHENTICATION template.`, 'Remove it; authentication templates carry only the copy-code button.'))
      }
    })
    return hits
  }),
})

/** Source: platform doc §3.6 "Authentication" — no URLs. */
export const authenticationUrl = defineRule({
  id: 'authentication.url',
  severity: 'error',
  summary: 'No links or URL buttons in an AUTHENTICATION template.',
  source: 'Platform doc §3.6 (Authentication: no URLs)',
  check: onAuthentication((template) => {
    const hits: Hit[] = []
    for (const part of visibleParts(template)) {
      for (const m of part.text.matchAll(URL_IN_TEXT)) {
        hits.push(hit(part.component, at(part, m.index, m.index + m[0].length), `The ${part.label} of this AUTHENTICATION template has a link: ${quote(part.text, m.index, m.index + m[0].length)}.`, 'Remove the link; authentication messages carry only the code.'))
      }
    }
    template.buttons.forEach((button, index) => {
      if (button.type === 'url') hits.push(hit('buttons', { button: index }, `Button ${index + 1} is a URL button (${JSON.stringify(button.url)}); AUTHENTICATION templates may not link anywhere.`, 'Remove the URL button; use the copy-code button.'))
    })
    return hits
  }),
})

/** Source: platform doc §3.6 "Authentication" — no media. */
export const authenticationMedia = defineRule({
  id: 'authentication.media',
  severity: 'error',
  summary: 'No media or location header in an AUTHENTICATION template.',
  source: 'Platform doc §3.6 (Authentication: no media)',
  check: onAuthentication((template) => {
    const header = template.header
    if (header === null || header.format === 'text') return []
    return [hit('header', null, `This AUTHENTICATION template has a ${header.format} header; media is not allowed.`, 'Remove the header.')]
  }),
})

/** Source: platform doc §3.6 "Authentication" and "Body" — no emojis in authentication templates. */
export const authenticationEmoji = defineRule({
  id: 'authentication.emoji',
  severity: 'error',
  summary: 'No emojis in an AUTHENTICATION template.',
  source: 'Platform doc §3.6 (Authentication: no emojis; Body: emojis allowed except in AUTHENTICATION)',
  check: onAuthentication((template) => {
    const hits: Hit[] = []
    for (const part of visibleParts(template)) {
      const first = part.text.matchAll(EMOJI).next()
      if (first.done) continue
      const { index, 0: emoji } = first.value
      hits.push(hit(part.component, at(part, index, index + emoji.length), `The ${part.label} of this AUTHENTICATION template has the emoji ${JSON.stringify(emoji)}: ${quote(part.text, index, index + emoji.length)}.`, 'Remove every emoji.'))
    }
    return hits
  }),
})

/** Source: platform doc §1.6 and §3.6 "Authentication" — the code parameter is at most 15 characters. */
export const authenticationCodeLength = defineRule({
  id: 'authentication.code-length',
  severity: 'error',
  summary: 'The code (the body variable\'s sample) is at most 15 characters.',
  source: 'Platform doc §1.6 (code ≤15 chars), §3.6 (Authentication: parameter ≤15 chars)',
  check: onAuthentication((template) => {
    const hits: Hit[] = []
    const seen = new Set<string>()
    for (const p of findPlaceholders(template.body.text)) {
      if (p.name === null || seen.has(p.name)) continue
      seen.add(p.name)
      const sample = template.body.examples[p.name]
      if (sample === undefined || charLength(sample) <= MAX_CODE) continue
      hits.push(hit('body', { start: p.start, end: p.end }, `The sample code for ${p.raw}, ${JSON.stringify(sample)}, is ${charLength(sample)} characters; codes are at most ${MAX_CODE}.`, `Use codes of ${MAX_CODE} characters or fewer (6 digits is usual).`))
    }
    return hits
  }),
})

export const AUTHENTICATION_RULES = [authenticationOtpButton, authenticationButtons, authenticationUrl, authenticationMedia, authenticationEmoji, authenticationCodeLength]
