import type { AccountConfig, SenderConfig } from './accounts-config.js'
import type { Channel, ProviderName } from './core/providers/channel.js'
import type { MessagingProvider, ReadOutcome, WebhookReceiver } from './core/providers/provider.js'
import type { TemplateManager } from './core/providers/templates.js'
import type { Sender } from './dispatch/dispatcher.js'
import type { HttpClient } from './providers/http-client.js'
import type { AccountAdapter, SenderSpec } from './providers/provider-kind.js'
import { providerKind } from './providers/registry.js'

/** A sender as the rest of Parley sees it: its number, channel, and the account and provider that carry it. */
export interface SenderInfo {
  id: string
  provider: ProviderName
  account: string
  channel: Channel
  number: string
}

/** Every configured account built into adapters, and the lookups the composition root wires from them. */
export interface BuiltAccounts {
  /** In configuration order; the first is the default. */
  senders: Sender[]
  info: ReadonlyMap<string, SenderInfo>
  /** By the key webhook receipts are stored under (see `http/routes/webhooks.ts`). */
  receivers: ReadonlyMap<string, WebhookReceiver>
  /** The sender an inbound message belongs to: by the business number the provider names, else the account's first sender. */
  senderFor(receiverKey: string, businessNumberId: string | undefined): string
  /** The templates Parley keeps in sync: the default WhatsApp sender's account's (none without a WhatsApp sender). */
  templates: TemplateManager
  /** The id of the account `templates` is ({@link NO_WHATSAPP_ACCOUNT} without a WhatsApp sender). */
  templatesAccount: string
  /** Each account, built, by id (`parley providers check` and the contract tests reach into them). */
  accounts: ReadonlyMap<string, { config: AccountConfig; adapter: AccountAdapter; senders: SenderConfig[]; settings: unknown }>
  markRead(senderId: string, providerMessageId: string): Promise<ReadOutcome>
  /** Where an account's webhooks reach Parley, once Parley knows its own address; null before. */
  webhookUrl(accountId: string): string | null
}

export interface BuildAccountsDeps {
  http: HttpClient
  /** Where the sandbox listens, for accounts the sandbox stands in for. */
  sandboxUrl: string
  /** Parley's public origin (PARLEY_PUBLIC_URL, or where it listens once it does); null until known. */
  origin(): string | null
  requestTimeoutMs: number
}

/** The templates' account when no sender is on WhatsApp (not a valid account id, so never a configured one). */
export const NO_WHATSAPP_ACCOUNT = '(none)'

const digits = (value: string) => value.replace(/\D/g, '')

/** Builds each account through its provider's kind; the only place that turns configuration into adapters. */
export function buildAccounts(accounts: readonly AccountConfig[], senders: readonly SenderConfig[], deps: BuildAccountsDeps): BuiltAccounts {
  const built = new Map<string, { config: AccountConfig; adapter: AccountAdapter; senders: SenderConfig[]; settings: unknown }>()
  const receivers = new Map<string, WebhookReceiver>()
  const accountOfKey = new Map<string, string>()
  const tokens = new Map<string, string | null>()

  const webhookUrl = (accountId: string): string | null => {
    const origin = deps.origin()
    const account = built.get(accountId)?.config
    if (origin === null || !account) return null
    const token = tokens.get(accountId)
    return `${origin.replace(/\/+$/, '')}/webhooks/${account.provider}/${account.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`
  }

  for (const account of accounts) {
    const kind = providerKind(account.provider)
    const settings = account.sandbox ? kind.sandboxAccount(deps.sandboxUrl) : kind.accountSchema.parse(account.settings)
    const own = senders.filter((s) => s.account === account.id)
    const specs: SenderSpec[] = own.map((s) => ({ id: s.id, number: s.number, channel: s.channel, ...(s.numberId ? { numberId: s.numberId } : {}) }))
    tokens.set(account.id, kind.webhookToken(settings))
    const adapter = kind.createAccount(settings, specs, { http: deps.http, webhookUrl: () => webhookUrl(account.id), requestTimeoutMs: deps.requestTimeoutMs })
    built.set(account.id, { config: account, adapter, senders: own, settings })
    const key = `${account.provider}/${account.id}`
    receivers.set(key, adapter.receiver)
    accountOfKey.set(key, account.id)
    // `/webhooks/<provider>` stays the address of a provider's first account (one-number setups used it).
    if (!receivers.has(account.provider)) {
      receivers.set(account.provider, adapter.receiver)
      accountOfKey.set(account.provider, account.id)
    }
  }

  const info = new Map<string, SenderInfo>()
  const messaging = new Map<string, MessagingProvider>()
  const dispatchSenders: Sender[] = senders.map((s) => {
    const account = built.get(s.account)!
    const provider = account.adapter.messaging({ id: s.id, number: s.number, channel: s.channel, ...(s.numberId ? { numberId: s.numberId } : {}) })
    messaging.set(s.id, provider)
    info.set(s.id, { id: s.id, provider: account.config.provider, account: s.account, channel: s.channel, number: s.number })
    return { id: s.id, provider, ratePerSecond: s.ratePerSecond }
  })

  const defaultWhatsApp = senders.find((s) => s.channel === 'whatsapp')
  return {
    senders: dispatchSenders,
    info,
    receivers,
    senderFor(receiverKey, businessNumberId) {
      const account = built.get(accountOfKey.get(receiverKey) ?? '')
      const candidates = account?.senders ?? senders
      const named = businessNumberId === undefined ? undefined : candidates.find((s) => (s.numberId ?? digits(s.number)) === businessNumberId || digits(s.number) === digits(businessNumberId))
      return (named ?? candidates[0] ?? senders[0]!).id
    },
    templates: (defaultWhatsApp && built.get(defaultWhatsApp.account)?.adapter.templates) || NO_TEMPLATES,
    templatesAccount: defaultWhatsApp?.account ?? NO_WHATSAPP_ACCOUNT,
    accounts: built,
    async markRead(senderId, providerMessageId) {
      const provider = messaging.get(senderId)
      return provider ? provider.markRead(providerMessageId) : { kind: 'failed', code: 'unknown_sender', title: `no sender ${senderId} is configured` }
    },
    webhookUrl,
  }
}

/** An SMS-only setup has no WhatsApp templates: every call says so, as data, like a provider refusal. */
const NO_TEMPLATES: TemplateManager = (() => {
  const refused = { kind: 'refused', error: { code: 'no_whatsapp_account', title: 'No WhatsApp sender is configured, so there are no templates.' } } as const
  return { submit: async () => refused, edit: async () => refused, remove: async () => refused, list: async () => refused }
})()
