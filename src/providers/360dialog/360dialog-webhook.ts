import type { WebhookReceiver } from '../../core/providers/provider.js'
import { parseMetaWebhook } from '../meta-cloud/meta-webhook.js'
import { verifyUrlToken } from '../webhook-token.js'
import type { ResolvedD360Account } from './360dialog-account.js'

/**
 * 360dialog posts Cloud numbers' webhooks in Meta's `entry/changes` format, unsigned (docs/platform.md
 * §7.3): Meta's parser reads them, and the account's secret in the URL (`?token=`) proves who posted.
 */
export function createD360Receiver(account: ResolvedD360Account): WebhookReceiver {
  return {
    verify: (request) => verifyUrlToken(account.webhookSecret, request),
    parse: (rawBody) => parseMetaWebhook(rawBody),
  }
}
