import type { MessagingProvider, WebhookReceiver } from '../../core/providers/provider.js'
import type { TemplateManager } from '../../core/providers/templates.js'
import type { HttpClient } from '../http-client.js'
import { type MetaCloudConfig, resolveMetaConfig } from './meta-config.js'
import { markRead } from './meta-read.js'
import { metaMessagesEndpoint, sendMessage } from './meta-send.js'
import { createMetaTemplateManager } from './meta-templates.js'
import { answerMetaHandshake, parseMetaWebhook, verifyMetaSignature } from './meta-webhook.js'

export type { MetaCloudConfig } from './meta-config.js'
export { META_DEFAULTS } from './meta-config.js'
export { createMetaTemplateManager, type MetaTemplateConfig } from './meta-templates.js'

/** The adapter for one sender number: sends, reads webhooks. */
export type MetaCloudProvider = MessagingProvider & WebhookReceiver

/**
 * With a WABA id, also the templates of the account that owns the number. A property rather than
 * more methods on the provider: templates belong to the WABA, not to the number, and `list` or
 * `remove` beside `send` would not say what they list or remove.
 */
export type MetaCloudProviderWithTemplates = MetaCloudProvider & { readonly templates: TemplateManager }

/** The Meta WhatsApp Cloud API adapter for one sender number: sends through `http`, reads Meta's webhooks and, given `wabaId`, manages templates. */
export function createMetaCloudProvider(config: MetaCloudConfig & { wabaId: string }, http: HttpClient): MetaCloudProviderWithTemplates
export function createMetaCloudProvider(config: MetaCloudConfig, http: HttpClient): MetaCloudProvider
export function createMetaCloudProvider(config: MetaCloudConfig, http: HttpClient): MetaCloudProvider | MetaCloudProviderWithTemplates {
  const resolved = resolveMetaConfig(config)
  const endpoint = metaMessagesEndpoint(resolved)
  const provider: MetaCloudProvider = {
    name: 'meta',
    send: (request) => sendMessage(endpoint, http, request),
    markRead: (providerMessageId) => markRead(endpoint, http, providerMessageId),
    verify: (request) => verifyMetaSignature(resolved.appSecret, request),
    parse: (rawBody) => parseMetaWebhook(rawBody),
    handshake: (query) => answerMetaHandshake(resolved.verifyToken, query),
  }
  if (resolved.wabaId === null) return provider
  return { ...provider, templates: createMetaTemplateManager({ ...resolved, wabaId: resolved.wabaId }, http) }
}
