import type { TemplateParams } from '../messages/content.js'
import type { ValueMap } from './model.js'

/**
 * A rule's SMS fallback text (`fallback.sms.text`) names the rule's own values the way its
 * template does: `{{time}}` for a named value, `{{1}}` for the first positional one. So the SMS
 * says what the WhatsApp message would have, with the same values formatted the same way.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** The most an SMS fallback text may hold: Twilio takes bodies of up to 1,600 characters (docs/platform.md §7.4). */
export const SMS_TEXT_MAX = 1600

/** Each placeholder in `text` that the rule's values do not give, as a message for the document's author. */
export function unknownPlaceholders(text: string, params: ValueMap): string[] {
  const known = params.kind === 'named' ? Object.keys(params.entries) : params.items.map((_, i) => String(i + 1))
  const problems: string[] = []
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (known.includes(name!)) continue
    const offer = known.length === 0 ? 'the rule has no send.params' : `send.params has ${known.map((k) => `{{${k}}}`).join(', ')}`
    problems.push(`{{${name}}} is not one of the rule's values (${offer})`)
  }
  return problems
}

/** The fallback text with the values rendered for one recipient (checked at validation: every placeholder has one). */
export function renderSmsText(text: string, params: TemplateParams): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Array.isArray(params) ? params[Number(name) - 1] : params[name]
    return value ?? whole
  })
}
