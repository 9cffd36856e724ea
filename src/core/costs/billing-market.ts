import { marketOf } from '../contacts/phone.js'

/**
 * The market a message to or from `phone` (E.164) is priced in: the country of the user's number,
 * never the business's (docs/platform.md §6.1). Null when the number maps to no single country
 * (priced as the card's `other`). North American numbers resolve to US or CA by area code.
 */
export function billingMarket(phone: string): string | null {
  return marketOf(phone)
}
