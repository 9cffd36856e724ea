import type { MessagingProvider, WebhookReceiver } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { type MetaCloudConfig, resolveMetaConfig } from './meta-config.js'
import { sendMessage } from './meta-send.js'
import { answerMetaHandshake, parseMetaWebhook, verifyMetaSignature } from './meta-webhook.js'

export type { MetaCloudConfig } from './meta-config.js'
export { META_DEFAULTS } from './meta-config.js'

/** The Meta WhatsApp Cloud API adapter for one sender number: sends through `http`, reads Meta's webhooks. */
export function createMetaCloudProvider(config: MetaCloudConfig, http: HttpClient): MessagingProvider & WebhookReceiver {
  const resolved = resolveMetaConfig(config)
  return {
    name: 'meta',
    send: (request) => sendMessage(resolved, http, request),
    verify: (request) => verifyMetaSignature(resolved.appSecret, request),
    parse: (rawBody) => parseMetaWebhook(rawBody),
    handshake: (query) => answerMetaHandshake(resolved.verifyToken, query),
  }
}
