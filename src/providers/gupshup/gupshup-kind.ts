import type { MessagingProvider } from '../../core/providers/provider.js'
import type { ProviderKind } from '../provider-kind.js'
import { GUPSHUP_SANDBOX_ACCOUNT, type GupshupAccount, gupshupAccount, type ResolvedGupshupAccount } from './gupshup-account.js'
import { checkOptIns, createGupshupOptIns } from './gupshup-opt-ins.js'
import { type GupshupSendContext, sendGupshupMessage } from './gupshup-send.js'
import { createTemplateDirectory } from './gupshup-template-directory.js'
import { createGupshupTemplateManager, listGupshupTemplates } from './gupshup-templates.js'
import { createGupshupReceiver } from './gupshup-webhook.js'

/** The messaging side for one of the app's numbers (`source` on every send). */
function createGupshupProvider(context: GupshupSendContext, number: string): MessagingProvider {
  return {
    name: 'gupshup',
    send: (request) => sendGupshupMessage(context, number, request),
    // Gupshup's read-receipt call is not in the platform notes this adapter is written from; a failed
    // read receipt is only a log line (the ticks stay grey).
    markRead: async () => ({ kind: 'failed', code: 'not_supported', title: 'Read receipts are not sent through Gupshup' }),
  }
}

/**
 * Gupshup (docs/platform.md §7.1), the reference school's provider: an account is one Gupshup app,
 * its senders the app's numbers. Sends are form-encoded with the `apikey` header, templates go by
 * Gupshup's UUID (resolved from the app's template list), callbacks are v2 and unsigned (a token in
 * the URL), and Gupshup keeps an opt-in register of its own (`optIns`).
 */
export const gupshupKind: ProviderKind<GupshupAccount> = {
  name: 'gupshup',
  channels: ['whatsapp'],
  accountSchema: gupshupAccount,
  // The sandbox's Gupshup flavour serves both of Gupshup's APIs under one prefix.
  sandboxAccount: (sandboxUrl) => gupshupAccount.parse({ ...GUPSHUP_SANDBOX_ACCOUNT, baseUrl: `${sandboxUrl}/gupshup`, partnerBaseUrl: `${sandboxUrl}/gupshup` }),
  webhookSetup:
    "In Gupshup's console, the app's Webhooks: callback URL {url}, payload format v2 (the token in it is the account's webhookSecret; Gupshup signs nothing, docs/platform.md §7.1).",
  webhookToken: (account) => account.webhookSecret,
  createAccount(settings, senders, deps) {
    const account: ResolvedGupshupAccount = Object.freeze({ ...settings, requestTimeoutMs: settings.requestTimeoutMs ?? deps.requestTimeoutMs })
    const directory = createTemplateDirectory(() => listGupshupTemplates(account, deps.http))
    const context: GupshupSendContext = { account, http: deps.http, directory }
    const providers = new Map(
      senders.map((sender) => {
        if (sender.channel !== 'whatsapp') throw new Error(`sender ${sender.id}: Gupshup carries WhatsApp only, not ${sender.channel}`)
        return [sender.id, createGupshupProvider(context, sender.number)] as const
      }),
    )
    const optIns = createGupshupOptIns(account, deps.http)
    return {
      messaging(sender) {
        const provider = providers.get(sender.id)
        if (!provider) throw new Error(`sender ${sender.id} is not on this account`)
        return provider
      },
      receiver: createGupshupReceiver(account, directory),
      templates: createGupshupTemplateManager(account, deps.http, directory),
      optIns,
      check: (context) => checkOptIns(optIns, context),
    }
  },
}
