import type { TemplateReviewPolicy } from './options.js'
import { bodyOf, buttonsOf, headerOf, type Category, type TemplateDraft, type Verdict } from './template-model.js'
import { placeholders } from './template-variables.js'

/**
 * The sandbox's review of a submitted template (docs/platform.md §3.3–3.6), decided at submission and
 * announced after the review delay. Its own reading of the platform's rules, written independently of
 * Parley's lint so that the two cross-check each other. In order:
 *
 * 1. policy: a language listed in `rejectLanguages` is REJECTED with the given reason, or `NONE`;
 * 2. INVALID_FORMAT: format or emoji characters in a text header; adjacent variables in the body
 *    (`{{1}} {{2}}` with only spaces or punctuation between); a URL button with more than one
 *    variable or one not at the end of the URL; quick replies not grouped together; authentication
 *    templates without exactly one OTP button, or with a media header, URL, other buttons or emoji;
 *    an OTP button outside an authentication template;
 * 3. INCORRECT_CATEGORY: a non-authentication template that delivers a one-time code (§3.5);
 * 4. ABUSIVE_CONTENT: asking for card numbers, PINs, passwords or national ids, or threats (§3.6);
 * 5. otherwise APPROVED — UTILITY approved as MARKETING when `reclassifyUtilityToMarketing` says so
 *    (`always`, or `promotional` when promotional wording is found, §3.5 since April 2025).
 */

const FORMAT_CHARS = /[*_~`]/
const EMOJI = /\p{Extended_Pictographic}/u
const ADJACENT = /\}\}[\s\p{P}]*\{\{/u
const URL_IN_TEXT = /https?:\/\/|www\./i
const PROMOTIONAL = /\b(offers?|discounts?|sale|coupons?|promo(tion)?s?|deals?|free shipping|limited time|buy now|shop now|new arrivals?|special price|exclusive|black friday)\b|\d+\s?% off/i
const ONE_TIME_CODE = /\b(verification code|one[- ]time (password|passcode|code)|otp|passcode|login code|security code)\b/i
const SENSITIVE_REQUEST =
  /\b(send|share|reply with|provide|enter|confirm|tell us)\b[^.!?\n]{0,40}\b(card number|cvv|cvc|pin|password|bank account|social security number|national id)/i
const THREAT = /\b(or else|we will (hurt|harm|find) you|you will regret)\b/i

export function reviewVerdict(d: TemplateDraft, policy: TemplateReviewPolicy): Verdict {
  const rule = policy.rejectLanguages.find((r) => r.language === d.language)
  if (rule) return { kind: 'reject', reason: rule.reason ?? 'NONE', finding: `Policy: every template in ${d.language} is rejected.` }
  const format = formatProblem(d)
  if (format) return { kind: 'reject', reason: 'INVALID_FORMAT', finding: format }
  const text = allText(d)
  if (d.category !== 'AUTHENTICATION' && ONE_TIME_CODE.test(text)) {
    return { kind: 'reject', reason: 'INCORRECT_CATEGORY', finding: 'A one-time code must be sent with an AUTHENTICATION template.' }
  }
  if (SENSITIVE_REQUEST.test(text) || THREAT.test(text)) {
    return { kind: 'reject', reason: 'ABUSIVE_CONTENT', finding: 'Asks for sensitive data or threatens the user.' }
  }
  return { kind: 'approve', category: approvedCategory(d, policy) }
}

/** The category the template is approved as; only UTILITY is ever moved (to MARKETING). */
export function approvedCategory(d: TemplateDraft, policy: TemplateReviewPolicy): Category {
  if (d.category !== 'UTILITY') return d.category
  switch (policy.reclassifyUtilityToMarketing) {
    case 'never':
      return 'UTILITY'
    case 'always':
      return 'MARKETING'
    case 'promotional':
      return PROMOTIONAL.test(allText(d)) ? 'MARKETING' : 'UTILITY'
  }
}

function formatProblem(d: TemplateDraft): string | null {
  const header = headerOf(d)
  if (header?.format === 'TEXT' && header.text !== undefined) {
    if (FORMAT_CHARS.test(header.text.replace(/\{\{[^{}]*\}\}/g, ''))) return 'Headers do not support formatting characters (* _ ~ `).'
    if (EMOJI.test(header.text)) return 'Headers do not support emoji.'
  }
  const body = bodyOf(d)!
  if (ADJACENT.test(body.text)) return 'Variables must be separated by text.'
  const buttons = buttonsOf(d)
  for (const b of buttons) {
    if (b.type !== 'URL' || b.url === undefined) continue
    const vars = placeholders(b.url)
    if (vars.length > 1) return 'A URL button can have only one variable.'
    if (vars.length === 1 && vars[0]!.end !== b.url.length) return 'The variable of a URL button must be at the end of the URL.'
  }
  const kinds = buttons.map((b) => (b.type === 'QUICK_REPLY' ? 'q' : 'o')).join('')
  if (/q+o+q/.test(kinds) || /o+q+o/.test(kinds)) return 'Quick-reply buttons must be grouped together.'
  const otp = buttons.filter((b) => b.type === 'OTP').length
  if (d.category !== 'AUTHENTICATION') return otp > 0 ? 'OTP buttons are only allowed in AUTHENTICATION templates.' : null
  if (otp !== 1 || buttons.length !== 1) return 'An AUTHENTICATION template needs exactly one OTP button and no other buttons.'
  if (header && header.format !== 'TEXT') return 'AUTHENTICATION templates cannot have a media header.'
  if (URL_IN_TEXT.test(allText(d))) return 'AUTHENTICATION templates cannot contain URLs.'
  if (EMOJI.test(allText(d))) return 'AUTHENTICATION templates cannot contain emoji.'
  return null
}

function allText(d: TemplateDraft): string {
  return d.components
    .map((c) => (c.type === 'BUTTONS' ? c.buttons.map((b) => b.text ?? '').join('\n') : (c.text ?? '')))
    .join('\n')
}
