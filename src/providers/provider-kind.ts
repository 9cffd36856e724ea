import type { z } from 'zod'
import type { Channel, ProviderName } from '../core/providers/channel.js'
import type { MessagingProvider, ProviderError, WebhookReceiver } from '../core/providers/provider.js'
import type { TemplateManager } from '../core/providers/templates.js'
import type { HttpClient } from './http-client.js'

/** One number an account sends from, as the configuration names it. */
export interface SenderSpec {
  /** Parley's name for the number (the API's `from`), e.g. `default`. */
  id: string
  /** The number in E.164 with a leading `+`. */
  number: string
  channel: Channel
  /**
   * The provider's own id for the number where it has one (Meta and 360dialog: `phone_number_id`);
   * webhooks name the business number by it. Absent: by the number's digits.
   */
  numberId?: string
}

/** What an adapter gets besides its account's settings. */
export interface AccountDeps {
  http: HttpClient
  /**
   * Where this account's webhooks reach Parley (`…/webhooks/<provider>/<account>` with its secret),
   * null while Parley does not know its public address. A function: the address is known only once
   * Parley listens. Twilio is told it on every send (`StatusCallback`); other providers are set up once.
   */
  webhookUrl(): string | null
  /** The deployment's provider call budget (PARLEY_PROVIDER_TIMEOUT_MS), for accounts that set none of their own. */
  requestTimeoutMs: number
}

/** One thing `parley providers check` looked at: fine, to be done (by hand, or by `--fix`), or broken. */
export interface SetupFinding {
  /** What was checked, e.g. `credentials`, `webhook`, `opt-ins`. */
  item: string
  state: 'ok' | 'todo' | 'failed'
  /** What was found and, for a todo, what to do. */
  detail: string
  /** Does it from here where Parley can (`--fix`); resolves to what was done. */
  fix?: () => Promise<string>
}

/** What an account's own checks may look at. */
export interface AccountCheckContext {
  /** Where the account's webhooks must reach Parley; null without PARLEY_PUBLIC_URL. */
  webhookUrl: string | null
  /** The contacts Parley may message (not opted out), by phone in E.164. */
  contactPhones(): Promise<readonly string[]>
}

/** A configured account, built: one messaging provider per sender, one webhook receiver, its templates. */
export interface AccountAdapter {
  /** The adapter for one of the account's senders (all of them are given to `createAccount`). */
  messaging(sender: SenderSpec): MessagingProvider
  /** Checks and reads the account's webhooks (one URL per account). */
  receiver: WebhookReceiver
  /** The account's WhatsApp templates; null where the provider has none (SMS). */
  templates: TemplateManager | null
  /** What only this provider knows to check (Gupshup's opt-ins, a webhook URL registered by API…). */
  check?(context: AccountCheckContext): Promise<SetupFinding[]>
  /**
   * The provider's own register of users who opted in, where it keeps one that sends depend on
   * (Gupshup, docs/platform.md §7.1); absent elsewhere. The account's `check` reports from it which
   * contacts are not registered, and registers them on `--fix`.
   */
  optIns?: OptInRegister
}

/** A provider-side opt-in list. Like sends, it reports trouble as data. */
export interface OptInRegister {
  /** Registers one user's opt-in (`phone` in E.164) with the provider. */
  optIn(phone: string): Promise<ProviderCallOutcome<null>>
  /** Every user the provider has as opted in, in E.164. */
  optedInUsers(): Promise<ProviderCallOutcome<string[]>>
}

/** How a provider call other than a send ended: done, refused for good, or worth another try later. */
export type ProviderCallOutcome<T> = { kind: 'ok'; value: T } | { kind: 'refused'; error: ProviderError } | { kind: 'retryable'; error: ProviderError }

/**
 * A provider Parley can talk to: the settings an account of it takes, the sandbox flavour that
 * stands in for it, and how to build its adapter. Registered in `registry.ts`; the composition root
 * never branches on the provider.
 */
export interface ProviderKind<Account> {
  name: ProviderName
  /** The channels its senders may carry. */
  channels: readonly Channel[]
  /** The account's settings in `parley.yaml` (after `${VAR}` substitution), minus `provider` and `sandbox`. */
  accountSchema: z.ZodType<Account>
  /** A complete account pointed at the sandbox (its URL, without a trailing slash) with the sandbox's fixed credentials. */
  sandboxAccount(sandboxUrl: string): Account
  /**
   * Where, at the provider, its webhooks are pointed at Parley: a sentence for `parley providers
   * check`, with `{url}` for the account's webhook URL.
   */
  webhookSetup: string
  /** The webhook secret the account's receiver checks (the token in its URL, or the signing key), to build the webhook URL. */
  webhookToken(account: Account): string | null
  createAccount(account: Account, senders: readonly SenderSpec[], deps: AccountDeps): AccountAdapter
}
