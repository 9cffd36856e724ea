import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

/**
 * A phone number as a role that must not read it sees it: the country code, the first two digits
 * after it and the last three, the rest starred, e.g. `+447700900001` → `+44 77** ***001`. The
 * country code comes from the numbering plan; a number it does not know keeps its first two digits.
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '')
  const parsed = parsePhoneNumberFromString(`+${digits}`)
  const countryCode = parsed?.countryCallingCode ?? digits.slice(0, 2)
  const national = digits.slice(countryCode.length)
  const keepStart = Math.min(2, Math.max(0, national.length - 5))
  const keepEnd = Math.min(3, national.length)
  const starred = national.slice(0, keepStart) + '*'.repeat(national.length - keepStart - keepEnd) + national.slice(national.length - keepEnd)
  // Grouped like the example: the last six apart, so the kept tail reads as the number's end.
  const split = Math.max(0, starred.length - 6)
  return `+${countryCode} ${split > 0 ? `${starred.slice(0, split)} ${starred.slice(split)}` : starred}`
}

/** E.164 numbers inside any text: a `+` and 7 to 15 digits not followed by another digit. */
const E164_IN_TEXT = /\+[1-9]\d{6,14}(?!\d)/g

/** Keys whose values are platform user ids: a phone number's digits without the `+`. */
const DIGIT_ID_KEYS = new Set(['wa_id', 'provider_user_id', 'providerUserId', 'recipient_id', 'fromId', 'from_id'])

/** Keys whose values may encode the number (Meta's `wamid.` ids carry it in base64): withheld whole. */
const ENCODING_KEYS = new Set(['providerMessageId', 'provider_message_id'])

/**
 * A copy of a JSON value with every phone number masked: each E.164 number in any string
 * (fields, texts, messages), the platform user ids under the keys that hold them, and the
 * provider's message ids withheld (they can encode the number).
 */
export function maskPhonesDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(E164_IN_TEXT, maskPhone)
  if (Array.isArray(value)) return value.map(maskPhonesDeep)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      if (ENCODING_KEYS.has(key) && typeof item === 'string') {
        out[key] = 'hidden'
        continue
      }
      out[key] = DIGIT_ID_KEYS.has(key) && typeof item === 'string' && /^\d{7,15}$/.test(item) ? maskPhone(item) : maskPhonesDeep(item)
    }
    return out
  }
  return value
}
