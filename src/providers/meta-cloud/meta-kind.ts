import { z } from 'zod'
import type { ProviderKind } from '../provider-kind.js'
import { createMetaCloudProvider } from './index.js'
import { META_DEFAULTS } from './meta-config.js'

/** The sandbox's fixed Meta credentials (the sandbox's defaults, docs in src/sandbox/README.md). */
export const META_SANDBOX_ACCOUNT = {
  wabaId: '100000000000001',
  accessToken: 'sandbox-access-token',
  appSecret: 'sandbox-app-secret',
  verifyToken: 'sandbox-verify-token',
} as const

const metaAccount = z.strictObject({
  baseUrl: z.url().default(META_DEFAULTS.baseUrl),
  apiVersion: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  wabaId: z.string().regex(/^\d+$/, 'digits'),
  accessToken: z.string().min(1),
  appSecret: z.string().min(1),
  verifyToken: z.string().min(1),
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
})

export type MetaAccount = z.infer<typeof metaAccount>

/** Meta's Cloud API: each sender is a phone number id on the account's WABA, whose templates the account manages. */
export const metaKind: ProviderKind<MetaAccount> = {
  name: 'meta',
  channels: ['whatsapp'],
  accountSchema: metaAccount,
  sandboxAccount: (sandboxUrl) => metaAccount.parse({ ...META_SANDBOX_ACCOUNT, baseUrl: sandboxUrl }),
  webhookSetup:
    "In the Meta app's dashboard, WhatsApp → Configuration: callback URL {url}, verify token the account's verifyToken; then subscribe the `messages` field (docs/platform.md §2.1).",
  // Meta signs with the app secret; the URL carries no secret.
  webhookToken: () => null,
  createAccount(account, senders, deps) {
    const perSender = new Map(
      senders.map((sender) => {
        if (!sender.numberId) throw new Error(`sender ${sender.id}: a Meta sender needs its phone number id (numberId)`)
        return [sender.id, createMetaCloudProvider({ ...account, requestTimeoutMs: account.requestTimeoutMs ?? deps.requestTimeoutMs, phoneNumberId: sender.numberId }, deps.http)] as const
      }),
    )
    // Webhooks and templates are the app's and the WABA's, not any one number's: the first sender's adapter reads them.
    const first = senders[0] ? perSender.get(senders[0].id) : undefined
    const any = first ?? createMetaCloudProvider({ ...account, requestTimeoutMs: account.requestTimeoutMs ?? deps.requestTimeoutMs, phoneNumberId: '0' }, deps.http)
    return {
      messaging(sender) {
        const provider = perSender.get(sender.id)
        if (!provider) throw new Error(`sender ${sender.id} is not on this account`)
        return provider
      },
      receiver: any,
      templates: any.templates,
    }
  },
}
