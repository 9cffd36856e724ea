import { findPlaceholders } from '../../variables.js'
import type { TemplateDefinition } from '../../model.js'
import { defineRule, hit, type Hit } from './rule.js'
import { at, countWords, exact, maskPlaceholders, quote, visibleParts } from './text.js'
import { compileLists, ONE_TIME_CODE, PROMOTIONAL, wordsFor } from './wording.js'

const PROMOTIONAL_WORDS = compileLists(PROMOTIONAL)
const ONE_TIME_CODE_WORDS = compileLists(ONE_TIME_CODE)
/** Fewer fixed words than this and a UTILITY body is "vague" (docs/platform.md §3.6: "{{1}}", "Congratulations!"). */
const MIN_UTILITY_WORDS = 3

/** Every match of `words` in the template's visible text (placeholders masked), one hit each. */
function scan(template: TemplateDefinition, words: RegExp, describe: (found: string, where: string, excerpt: string) => [string, string]): Hit[] {
  const hits: Hit[] = []
  for (const part of visibleParts(template)) {
    for (const m of maskPlaceholders(part.text).matchAll(words)) {
      const end = m.index + m[0].length
      const [message, fix] = describe(exact(part.text, m.index, end), part.label, quote(part.text, m.index, end))
      hits.push(hit(part.component, at(part, m.index, end), message, fix))
    }
  }
  return hits
}

/**
 * Source: platform doc §3.5 (since Apr 2025 a UTILITY template judged promotional is approved as
 * MARKETING), §3.6 "Utility" (any promo wording → MARKETING) and §8 (classification). Word lists
 * for en, ru, tr, es, pt, de in wording.ts.
 */
export const promotionalInUtility = defineRule({
  id: 'category.promotional-in-utility',
  severity: 'warning',
  summary: 'Promotional wording in a UTILITY template (it becomes MARKETING).',
  source: 'Platform doc §3.5 (UTILITY→MARKETING), §3.6 (Utility), §8 (classification)',
  check(template) {
    if (template.category !== 'UTILITY') return []
    return scan(template, wordsFor(PROMOTIONAL_WORDS, template.language), (found, where, excerpt) => [
      `${found} in the ${where} reads as promotional: ${excerpt}. A UTILITY template with promotional wording is approved as MARKETING and billed as marketing.`,
      `Remove the promotional wording and keep the message about the user's own lesson, payment or account — or submit it as MARKETING.`,
    ])
  },
})

/**
 * Source: platform doc §3.5 (templates that should be AUTHENTICATION are rejected with
 * INCORRECT_CATEGORY), §8 (OTP codes only from authentication templates with OTP buttons).
 */
export const otpOutsideAuthentication = defineRule({
  id: 'category.otp-outside-authentication',
  severity: 'warning',
  summary: 'One-time-code wording outside an AUTHENTICATION template.',
  source: 'Platform doc §3.5 (→ INCORRECT_CATEGORY), §8 (Authentication = OTP codes only)',
  check(template) {
    if (template.category === 'AUTHENTICATION') return []
    return scan(template, wordsFor(ONE_TIME_CODE_WORDS, template.language), (found, where, excerpt) => [
      `${found} in the ${where} reads as a one-time code: ${excerpt}. Codes may only be sent with AUTHENTICATION templates; this one would be rejected as INCORRECT_CATEGORY.`,
      'Send codes with an AUTHENTICATION template (with a copy-code button); if this is not a login code, reword it (e.g. "booking number").',
    ])
  },
})

/**
 * Source: platform doc §3.6 "Content/policy" — vague content ("{{1}}", "Congratulations!") is
 * classified MARKETING; §8 — UTILITY must be specific to the user's order, account or request.
 */
export const vagueUtility = defineRule({
  id: 'category.vague-content',
  severity: 'warning',
  summary: 'A UTILITY body too short to say what it is about (classified MARKETING).',
  source: 'Platform doc §3.6 (vague content → MARKETING), §8 (Utility is specific)',
  check(template) {
    if (template.category !== 'UTILITY') return []
    const text = template.body.text
    if (text.trim() === '') return [] // body.required
    const words = countWords(maskPlaceholders(text, findPlaceholders(text)))
    if (words >= MIN_UTILITY_WORDS) return []
    return [hit('body', { start: 0, end: text.length }, `The body ${JSON.stringify(text)} has ${words} fixed word${words === 1 ? '' : 's'}; content this vague is classified MARKETING.`, 'Say what the message is about in fixed words: whose lesson, which payment, what happens next.')]
  },
})

/** Source: platform doc §8 — good practice: marketing templates carry an opt-out quick reply ("Stop promotions"). */
export const marketingOptOut = defineRule({
  id: 'category.marketing-opt-out',
  severity: 'info',
  summary: 'A MARKETING template without a quick reply to opt out.',
  source: 'Platform doc §8 (opt-out quick reply in marketing templates)',
  check(template) {
    if (template.category !== 'MARKETING' || template.buttons.some((b) => b.type === 'quick_reply')) return []
    return [hit('buttons', null, 'This MARKETING template offers no quick reply to stop promotions; people who cannot opt out block or report, which lowers quality.', 'Add a quick reply such as "Stop promotions" and honour it.')]
  },
})

export const CATEGORY_RULES = [promotionalInUtility, otpOutsideAuthentication, vagueUtility, marketingOptOut]
