import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

/** A phone number in E.164 (`+4915112345678`). Only `normalizePhone` makes one. */
export type E164 = string & { readonly __brand: 'E164' }

export type PhoneParse =
  | { ok: true; e164: E164; country: CountryCode | null }
  | { ok: false; reason: 'not_a_number' | 'needs_country_code' | 'invalid' }

/**
 * Normalises user input to E.164. Uses the full metadata ("max") so that numbers of the right
 * length but impossible in their numbering plan are refused before a provider charges for them.
 */
export function normalizePhone(input: string, defaultCountry?: CountryCode): PhoneParse {
  const trimmed = input.trim()
  if (!/^[+\d(][\d\s().\-/]*$/.test(trimmed)) return { ok: false, reason: 'not_a_number' }
  if (!trimmed.startsWith('+') && !defaultCountry) return { ok: false, reason: 'needs_country_code' }
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry)
  // Too short, too long, or impossible in its country's numbering plan.
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' }
  return { ok: true, e164: parsed.number as E164, country: parsed.country ?? null }
}

/**
 * The phone a provider's user id stands for, when the id is a phone (Meta `wa_id` is the E.164
 * digits without `+`). Not validated: the platform's id is authoritative even where our metadata
 * disagrees (e.g. Brazil's numbers without the extra 9).
 */
export function phoneFromDigits(digits: string): E164 {
  return `+${digits.replace(/\D/g, '')}` as E164
}

/** The market (ISO country) a number is billed in; null when the number maps to no single country. */
export function marketOf(e164: string): CountryCode | null {
  return parsePhoneNumberFromString(e164)?.country ?? null
}
