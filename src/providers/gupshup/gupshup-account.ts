import { z } from 'zod'

/** Gupshup's public API origins (docs/platform.md §7.1): the self-serve API, and the partner API that creates templates. */
export const GUPSHUP_DEFAULTS = Object.freeze({
  baseUrl: 'https://api.gupshup.io',
  partnerBaseUrl: 'https://partner.gupshup.io',
})

/** The sandbox's Gupshup app (src/sandbox/README.md); the webhook secret is Parley's own, the sandbox echoes whatever URL it is given. */
export const GUPSHUP_SANDBOX_ACCOUNT = Object.freeze({
  apiKey: 'sandbox-gupshup-key',
  appName: 'ParleySandbox',
  appId: '00000000-0000-4000-8000-000000000001',
  webhookSecret: 'sandbox-gupshup-callback-token',
})

const origin = (fallback: string) => z.url().default(fallback).transform((url) => url.replace(/\/+$/, ''))

/** One Gupshup app (its number is the sender), as `parley.yaml` configures it. */
export const gupshupAccount = z.strictObject({
  baseUrl: origin(GUPSHUP_DEFAULTS.baseUrl),
  partnerBaseUrl: origin(GUPSHUP_DEFAULTS.partnerBaseUrl),
  /** The app's API key: the `apikey` header of every call. */
  apiKey: z.string().min(1),
  /** The app name: `src.name` on sends, and the path of the template and opt-in calls. */
  appName: z.string().min(1),
  /** The app id: the path of the partner template calls. */
  appId: z.string().min(1),
  /** The partner app token (`Authorization` on partner calls); without it they carry the API key alone. */
  partnerAppToken: z.string().min(1).optional(),
  /** The `?token=` in the callback URL given to Gupshup, which signs nothing. */
  webhookSecret: z.string().min(1),
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
})

export type GupshupAccount = z.infer<typeof gupshupAccount>

/** An account with its timeout decided, as the adapter's modules use it. */
export type ResolvedGupshupAccount = Readonly<Omit<GupshupAccount, 'requestTimeoutMs'> & { requestTimeoutMs: number }>
