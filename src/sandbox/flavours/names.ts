/**
 * The provider flavours the sandbox can speak besides Meta's own Cloud API (docs/platform.md §7):
 * each answers its provider's wire format on its own path prefix over the shared core. Meta is not
 * among them: it is the core's own surface, with no prefix.
 */
export const FLAVOUR_NAMES = ['360dialog', 'gupshup', 'twilio', 'http-sms'] as const
export type FlavourName = (typeof FLAVOUR_NAMES)[number]

/** Who speaks for a business number: Meta's Cloud API, or a flavour. */
export type NumberOwner = 'meta' | FlavourName

export function isFlavourName(value: string): value is FlavourName {
  return (FLAVOUR_NAMES as readonly string[]).includes(value)
}
