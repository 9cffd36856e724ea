import { chooseLanguage, type FallbackChain } from '../templates/choose-language.js'
import type { TemplateRecord } from '../templates/ports.js'
import { variableNames } from '../templates/variables.js'

/** The installation's payment link: a URL pattern, and the template that carries it outside the window. */
export interface PaymentLinkSettings {
  /** E.g. `https://pay.school.example/{external_id}`; `{phone}` is the contact's E.164 number. */
  urlPattern: string
  /** A template with a URL button ending in a variable; null: no payment link outside the window. */
  templateName: string | null
}

export const PAYMENT_LINK_VARIABLES = ['external_id', 'phone'] as const

export type PaymentUrl = { ok: true; url: string } | { ok: false; missing: 'external_id' }

/** The pattern filled in for one contact (each value URL-encoded); a pattern naming `{external_id}` needs the contact to have one. */
export function paymentUrl(pattern: string, contact: { phone: string; externalId: string | null }): PaymentUrl {
  if (pattern.includes('{external_id}') && contact.externalId === null) return { ok: false, missing: 'external_id' }
  const values: Record<string, string> = { external_id: contact.externalId ?? '', phone: contact.phone }
  return { ok: true, url: pattern.replace(/\{(external_id|phone)\}/g, (_, name: string) => encodeURIComponent(values[name]!)) }
}

export interface PaymentTemplate {
  name: string
  language: string
  /** The URL button's value, by the button's position: the link without the button's fixed start. */
  buttons: Record<string, string>
}

/**
 * The payment template for a contact: its approved version in the contact's language (or the
 * fallbacks), and the value of its URL button that makes the button open `url`. Null when no
 * version is approved, none has a URL button with a variable, or the button's fixed start is not
 * the start of `url` (the button could not open this link).
 */
export function paymentTemplate(
  family: readonly TemplateRecord[],
  url: string,
  contactLanguage: string | null,
  policy: { defaultLanguage: string; fallback: FallbackChain },
): PaymentTemplate | null {
  const language = chooseLanguage(
    family.map((t) => ({ language: t.definition.language, status: t.status })),
    [...(contactLanguage ? [contactLanguage] : []), policy.defaultLanguage],
    policy.fallback,
  )
  const template = family.find((t) => t.definition.language === language)
  if (!template) return null
  const index = template.definition.buttons.findIndex((b) => b.type === 'url' && variableNames(b.url).length > 0)
  const button = template.definition.buttons[index]
  if (!button || button.type !== 'url') return null
  const fixed = button.url.slice(0, button.url.indexOf('{{'))
  if (!url.startsWith(fixed) || url.length === fixed.length) return null
  return { name: template.definition.name, language: template.definition.language, buttons: { [String(index)]: url.slice(fixed.length) } }
}
