import { z } from 'zod'
import type { MessagingProvider } from '../../core/providers/provider.js'
import type { ProviderKind } from '../provider-kind.js'
import type { TwilioAccountConfig } from './twilio-api.js'
import { createContentDirectory } from './twilio-content-directory.js'
import { sendTwilioMessage } from './twilio-send.js'
import { createTwilioTemplateManager } from './twilio-templates.js'
import { createTwilioReceiver } from './twilio-webhook.js'

/** The sandbox's fixed Twilio credentials (src/sandbox/README.md). */
export const TWILIO_SANDBOX_ACCOUNT = {
  accountSid: 'AC00000000000000000000000000000001',
  authToken: 'sandbox-twilio-auth-token',
} as const

export const TWILIO_DEFAULTS = Object.freeze({
  baseUrl: 'https://api.twilio.com',
  contentBaseUrl: 'https://content.twilio.com',
})

const origin = z.url().transform((url) => url.replace(/\/+$/, ''))

const twilioAccount = z.strictObject({
  baseUrl: origin.default(TWILIO_DEFAULTS.baseUrl),
  contentBaseUrl: origin.default(TWILIO_DEFAULTS.contentBaseUrl),
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID: AC and 32 hexadecimal digits'),
  authToken: z.string().min(1),
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
})

export type TwilioAccount = z.infer<typeof twilioAccount>

/**
 * Twilio Programmable Messaging (docs/platform.md §7.2): one account carries WhatsApp senders
 * (`whatsapp:+…`) and SMS numbers side by side, signs every webhook with its auth token, and keeps
 * WhatsApp templates in its Content API.
 */
export const twilioKind: ProviderKind<TwilioAccount> = {
  name: 'twilio',
  channels: ['whatsapp', 'sms'],
  accountSchema: twilioAccount,
  sandboxAccount: (sandboxUrl) => twilioAccount.parse({ ...TWILIO_SANDBOX_ACCOUNT, baseUrl: `${sandboxUrl}/twilio`, contentBaseUrl: `${sandboxUrl}/twilio-content` }),
  webhookSetup:
    "In the Twilio Console, for each sender (Messaging → Senders → WhatsApp senders; Phone Numbers → Active numbers for SMS), set \"A message comes in\" to {url} (HTTP POST); statuses need nothing: every send names its StatusCallback (docs/platform.md §7.2).",
  // Twilio signs with the auth token; the URL carries no secret.
  webhookToken: () => null,
  createAccount(account, senders, deps) {
    const config: TwilioAccountConfig = { ...account, requestTimeoutMs: account.requestTimeoutMs ?? deps.requestTimeoutMs }
    // One template list per account: every WhatsApp sender on it sends the same Content templates.
    const directory = createContentDirectory(config, deps.http)
    const perSender = new Map(
      senders.map((sender): [string, MessagingProvider] => {
        const sendDeps = { config, http: deps.http, sender: { number: sender.number, channel: sender.channel }, directory, webhookUrl: deps.webhookUrl }
        // On SMS Twilio answers STOP, START and HELP itself (docs/platform.md §7.4): Parley adds no confirmation of its own.
        const confirmsKeywords = sender.channel === 'sms'
        return [sender.id, { name: 'twilio', confirmsKeywords, send: (request) => sendTwilioMessage(sendDeps, request), markRead: markReadUnsupported }]
      }),
    )
    return {
      messaging(sender) {
        const provider = perSender.get(sender.id)
        if (!provider) throw new Error(`sender ${sender.id} is not on this account`)
        return provider
      },
      receiver: createTwilioReceiver(account.authToken),
      // An account of SMS numbers alone has no WhatsApp templates to manage.
      templates: senders.some((s) => s.channel === 'whatsapp') ? createTwilioTemplateManager(config, deps.http, directory) : null,
    }
  },
}

/**
 * Twilio marks a WhatsApp message read only as a side effect of its typing indicator (a public
 * beta, docs/platform.md §7.2), which would also tell the user a reply is being typed; SMS has no
 * read receipts at all. So Parley sends none through Twilio, and says so.
 */
async function markReadUnsupported(): Promise<{ kind: 'failed'; code: string; title: string }> {
  return { kind: 'failed', code: 'read_receipts_unsupported', title: 'Twilio has no read receipt apart from its typing indicator' }
}
