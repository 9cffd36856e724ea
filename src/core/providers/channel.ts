/** The channels a sender can carry messages on: WhatsApp, or SMS as the fallback and the baseline. */
export const CHANNELS = ['whatsapp', 'sms'] as const
export type Channel = (typeof CHANNELS)[number]

/** The provider adapters Parley has (the `provider` of an account in the configuration). */
export const PROVIDER_NAMES = ['meta', 'gupshup', '360dialog', 'twilio', 'http-sms'] as const
export type ProviderName = (typeof PROVIDER_NAMES)[number]
