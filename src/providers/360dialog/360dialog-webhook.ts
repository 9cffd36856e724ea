import type { ProviderEvent, WebhookReceiver } from '../../core/providers/provider.js'
import { parseMetaWebhook } from '../meta-cloud/meta-webhook.js'
import { verifyUrlToken } from '../webhook-token.js'
import type { ResolvedD360Account } from './360dialog-account.js'
import { d360TemplateId } from './360dialog-templates.js'

/**
 * 360dialog posts Cloud numbers' webhooks in Meta's `entry/changes` format, unsigned (docs/platform.md
 * §7.3): Meta's parser reads them, and the account's secret in the URL (`?token=`) proves who posted.
 */
export function createD360Receiver(account: ResolvedD360Account): WebhookReceiver {
  return {
    verify: (request) => verifyUrlToken(account.webhookSecret, request),
    parse(rawBody) {
      const parsed = parseMetaWebhook(rawBody)
      return parsed.ok ? { ok: true, events: parsed.events.map(withD360TemplateId) } : parsed
    },
  }
}

/** Template events name Meta's template id; 360dialog's lists do not have it, so they are renamed to the id the lists give (360dialog-templates.ts). */
function withD360TemplateId(event: ProviderEvent): ProviderEvent {
  if (event.kind !== 'template_status' && event.kind !== 'template_category' && event.kind !== 'template_quality') return event
  return { ...event, providerTemplateId: d360TemplateId(event.name, event.language) }
}
