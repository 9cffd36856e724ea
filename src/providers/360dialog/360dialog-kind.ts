import type { ProviderKind } from '../provider-kind.js'
import { D360_SANDBOX_ACCOUNT, type D360Account, d360Account, type ResolvedD360Account } from './360dialog-account.js'
import { createD360Provider } from './360dialog-send.js'
import { createD360TemplateManager } from './360dialog-templates.js'
import { checkD360Webhook } from './360dialog-webhook-setup.js'
import { createD360Receiver } from './360dialog-webhook.js'

/**
 * 360dialog (docs/platform.md §7.3): Meta's Cloud API behind 360dialog's key header and base URL.
 * The bodies, answers, webhooks and error codes are Meta's, so the Meta adapter's pure pieces do the
 * work; what differs is where requests go, how they authenticate, and that webhooks are unsigned.
 */
export const d360Kind: ProviderKind<D360Account> = {
  name: '360dialog',
  channels: ['whatsapp'],
  accountSchema: d360Account,
  sandboxAccount: (sandboxUrl) => d360Account.parse({ ...D360_SANDBOX_ACCOUNT, baseUrl: `${sandboxUrl}/360dialog` }),
  webhookSetup:
    'Point the channel at {url}: `parley providers check --fix` registers it through 360dialog\'s API (POST /v1/configs/webhook); the token in it is the account\'s webhookSecret, as 360dialog signs nothing (docs/platform.md §7.3).',
  webhookToken: (account) => account.webhookSecret,
  createAccount(settings, senders, deps) {
    // The key identifies the number (§7.3): a second sender would be sent from the first one's number.
    if (senders.length > 1) throw new Error(`a 360dialog account is one number (its API key's); give ${senders.map((s) => s.id).join(', ')} one account each`)
    const sender = senders[0]
    if (sender && sender.channel !== 'whatsapp') throw new Error(`sender ${sender.id}: 360dialog carries WhatsApp only, not ${sender.channel}`)
    const account: ResolvedD360Account = Object.freeze({ ...settings, requestTimeoutMs: settings.requestTimeoutMs ?? deps.requestTimeoutMs })
    const provider = createD360Provider(account, deps.http)
    return {
      messaging(asked) {
        if (asked.id !== sender?.id) throw new Error(`sender ${asked.id} is not on this account`)
        return provider
      },
      receiver: createD360Receiver(account),
      templates: createD360TemplateManager(account, deps.http),
      check: (context) => checkD360Webhook(account, deps.http, context),
    }
  },
}
