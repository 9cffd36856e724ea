/** One WhatsApp sender number on Meta's Cloud API, and the app that receives its webhooks. */
export interface MetaCloudConfig {
  /** Graph API origin; the sandbox's URL in development. */
  baseUrl?: string
  /** Graph API version path segment, e.g. `v23.0`: pinned, because payloads differ by version. */
  apiVersion: string
  phoneNumberId: string
  /**
   * The WhatsApp Business Account that owns the number and its message templates. Without it the
   * adapter sends and receives but has no template manager.
   */
  wabaId?: string
  accessToken: string
  /** Signs webhook bodies (`X-Hub-Signature-256`). */
  appSecret: string
  /** Our answer to Meta's subscription handshake (`hub.verify_token`). */
  verifyToken: string
  requestTimeoutMs?: number
}

export type ResolvedMetaCloudConfig = Readonly<Required<Omit<MetaCloudConfig, 'wabaId'>> & { wabaId: string | null }>

export const META_DEFAULTS = Object.freeze({
  baseUrl: 'https://graph.facebook.com',
  requestTimeoutMs: 10_000,
})

/** Fills defaults and checks the config once, at start; throws naming the bad field. */
export function resolveMetaConfig(config: MetaCloudConfig): ResolvedMetaCloudConfig {
  const resolved = {
    baseUrl: (config.baseUrl ?? META_DEFAULTS.baseUrl).replace(/\/+$/, ''),
    apiVersion: config.apiVersion,
    phoneNumberId: config.phoneNumberId,
    wabaId: config.wabaId ?? null,
    accessToken: config.accessToken,
    appSecret: config.appSecret,
    verifyToken: config.verifyToken,
    requestTimeoutMs: config.requestTimeoutMs ?? META_DEFAULTS.requestTimeoutMs,
  }
  const problems: string[] = []
  if (!/^https?:\/\/[^/]+/.test(resolved.baseUrl)) problems.push(`baseUrl must be an http(s) URL, got "${resolved.baseUrl}"`)
  if (!/^v\d+\.\d+$/.test(resolved.apiVersion)) problems.push(`apiVersion must look like v23.0, got "${resolved.apiVersion}"`)
  if (!/^\d+$/.test(resolved.phoneNumberId)) problems.push('phoneNumberId must be Meta\'s numeric phone number id')
  if (resolved.wabaId !== null && !/^\d+$/.test(resolved.wabaId)) problems.push('wabaId must be Meta\'s numeric WhatsApp Business Account id')
  for (const field of ['accessToken', 'appSecret', 'verifyToken'] as const) {
    if (!resolved[field]) problems.push(`${field} is required`)
  }
  if (!(resolved.requestTimeoutMs > 0)) problems.push('requestTimeoutMs must be positive')
  if (problems.length > 0) throw new Error(`Meta Cloud config: ${problems.join('; ')}`)
  return Object.freeze(resolved)
}
