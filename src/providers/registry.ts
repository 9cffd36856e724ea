import type { ProviderName } from '../core/providers/channel.js'
import { d360Kind } from './360dialog/360dialog-kind.js'
import { gupshupKind } from './gupshup/gupshup-kind.js'
import { httpSmsKind } from './http-sms/http-sms-kind.js'
import { metaKind } from './meta-cloud/meta-kind.js'
import { twilioKind } from './twilio/twilio-kind.js'
import type { ProviderKind } from './provider-kind.js'

/**
 * Every provider Parley has, by the name an account's `provider` gives. The composition root builds
 * accounts from here and never names a provider itself. (Kinds are typed by their own account
 * settings; the map forgets that, and `accountSchema` recovers it when the configuration is read.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const PROVIDER_KINDS: Partial<Record<ProviderName, ProviderKind<any>>> = {
  meta: metaKind,
  gupshup: gupshupKind,
  '360dialog': d360Kind,
  twilio: twilioKind,
  'http-sms': httpSmsKind,
}

export function providerKind(name: ProviderName): ProviderKind<unknown> {
  const kind = PROVIDER_KINDS[name]
  if (!kind) throw new Error(`no adapter for provider ${name} yet`)
  return kind
}
