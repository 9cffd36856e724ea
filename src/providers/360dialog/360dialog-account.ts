import { z } from 'zod'
import type { ManagementAccess } from '../meta-cloud/meta-graph.js'

/** 360dialog's Cloud API proxy (docs/platform.md §7.3). */
export const D360_DEFAULTS = Object.freeze({ baseUrl: 'https://waba-v2.360dialog.io' })

/** The sandbox's 360dialog channel key (src/sandbox/README.md); the webhook secret is Parley's own. */
export const D360_SANDBOX_ACCOUNT = Object.freeze({
  apiKey: 'sandbox-360dialog-key',
  webhookSecret: 'sandbox-360dialog-callback-token',
})

/** One 360dialog channel: its key belongs to one number, so an account has one sender. */
export const d360Account = z.strictObject({
  baseUrl: z.url().default(D360_DEFAULTS.baseUrl).transform((url) => url.replace(/\/+$/, '')),
  /** The channel's key: the `D360-API-KEY` header of every call. */
  apiKey: z.string().min(1),
  /** The `?token=` in the webhook URL given to 360dialog, which signs nothing (§7.3). */
  webhookSecret: z.string().min(1),
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
})

export type D360Account = z.infer<typeof d360Account>

/** An account with its timeout decided, as the adapter's modules use it. */
export type ResolvedD360Account = Readonly<Omit<D360Account, 'requestTimeoutMs'> & { requestTimeoutMs: number }>

/** The header 360dialog authenticates by (no Bearer token, §7.3). */
export const d360Headers = (account: ResolvedD360Account): Record<string, string> => ({ 'D360-API-KEY': account.apiKey })

/** How management calls (templates, the webhook URL) reach 360dialog: paths on the base URL, the channel key. */
export function d360Management(account: ResolvedD360Account): ManagementAccess {
  return { urlOf: (path) => `${account.baseUrl}${path}`, headers: d360Headers(account), requestTimeoutMs: account.requestTimeoutMs, provider: '360dialog' }
}
