import type { Channel, ProviderName } from '../core/providers/channel.js'

/**
 * The business numbers the sandbox emulates for each provider out of the box (src/sandbox/README.md
 * lists them): a sender on a sandbox account that names no number of its own gets these.
 */
export const SANDBOX_NUMBERS: Readonly<Record<ProviderName, Partial<Record<Channel, { number: string; numberId?: string }>>>> = {
  meta: { whatsapp: { number: '+15550001234', numberId: '100000000000002' } },
  '360dialog': { whatsapp: { number: '+15550001235', numberId: '100000000000003' } },
  gupshup: { whatsapp: { number: '+15550001236' } },
  twilio: { whatsapp: { number: '+15550001237' }, sms: { number: '+15550001238' } },
  'http-sms': { sms: { number: '+15550001239' } },
}
