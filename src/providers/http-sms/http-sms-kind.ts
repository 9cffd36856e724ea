import { z } from 'zod'
import type { MessagingProvider, ReadOutcome } from '../../core/providers/provider.js'
import type { ProviderKind } from '../provider-kind.js'
import { DEFAULT_BODY_TEMPLATE, unknownPlaceholders } from './http-sms-body.js'
import { type HttpSmsConfig, sendSms } from './http-sms-send.js'
import { createHttpSmsReceiver } from './http-sms-webhook.js'

/** The sandbox's generic SMS gateway (src/sandbox/README.md): its send path and fixed key. */
export const HTTP_SMS_SANDBOX_ACCOUNT = {
  path: '/sms/messages',
  apiKey: 'sandbox-sms-key',
  webhookSecret: 'sandbox-sms-webhook-secret',
} as const

const httpSmsAccount = z.strictObject({
  url: z.url(),
  apiKey: z.string().min(1),
  webhookSecret: z.string().min(8, 'at least 8 characters: it is the only proof a webhook comes from the gateway'),
  /** The JSON body sent per message; string values may hold {{from}} {{to}} {{text}} {{reference}}. */
  bodyTemplate: z
    .record(z.string(), z.json())
    .superRefine((template, ctx) => {
      const unknown = unknownPlaceholders(template)
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown placeholders ${unknown.join(', ')} (known: from, to, text, reference)` })
    })
    .optional(),
  responseIdField: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a field name, or a dotted path such as data.message_id').default('id'),
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
})

export type HttpSmsAccount = z.infer<typeof httpSmsAccount>

/**
 * A generic HTTP SMS gateway (docs/platform.md §7.5): a configurable send URL and JSON body,
 * Bearer key, delivery receipts and inbound messages posted back as JSON with our secret in the URL.
 */
export const httpSmsKind: ProviderKind<HttpSmsAccount> = {
  name: 'http-sms',
  channels: ['sms'],
  accountSchema: httpSmsAccount,
  sandboxAccount: (sandboxUrl) => httpSmsAccount.parse({ url: `${sandboxUrl}${HTTP_SMS_SANDBOX_ACCOUNT.path}`, apiKey: HTTP_SMS_SANDBOX_ACCOUNT.apiKey, webhookSecret: HTTP_SMS_SANDBOX_ACCOUNT.webhookSecret }),
  webhookSetup: "In the gateway's settings, post delivery receipts and inbound messages as JSON to {url} (the token in it is the account's webhookSecret; docs/platform.md §7.5).",
  webhookToken: (account) => account.webhookSecret,
  createAccount(account, senders, deps) {
    const config: HttpSmsConfig = {
      url: account.url,
      apiKey: account.apiKey,
      bodyTemplate: account.bodyTemplate ?? DEFAULT_BODY_TEMPLATE,
      responseIdField: account.responseIdField,
      requestTimeoutMs: account.requestTimeoutMs ?? deps.requestTimeoutMs,
    }
    const perSender = new Map(
      senders.map((sender): [string, MessagingProvider] => [
        sender.id,
        { name: 'http-sms', send: (request) => sendSms(config, deps.http, sender.number, request), markRead: noReadReceipts },
      ]),
    )
    return {
      messaging(sender) {
        const provider = perSender.get(sender.id)
        if (!provider) throw new Error(`sender ${sender.id} is not on this account`)
        return provider
      },
      receiver: createHttpSmsReceiver(account.webhookSecret),
      templates: null,
    }
  },
}

/** SMS has no read receipts. */
async function noReadReceipts(): Promise<ReadOutcome> {
  return { kind: 'failed', code: 'read_receipts_unsupported', title: 'SMS has no read receipts' }
}
