import { normalizePhone, type E164 } from '../core/contacts/phone.js'
import { ParleyError } from '../core/errors.js'

/** The number in E.164, or `invalid_phone` naming the field (when given) and why. */
export function requirePhone(input: string, field?: string): E164 {
  const phone = normalizePhone(input)
  if (phone.ok) return phone.e164
  const where = field ? `${field}: ` : ''
  throw new ParleyError('invalid_phone', `${where}"${input}" is not a valid phone number in international format.`, field ? { field, reason: phone.reason } : { reason: phone.reason })
}
