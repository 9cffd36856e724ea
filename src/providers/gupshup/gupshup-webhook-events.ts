import { z } from 'zod'
import type { ReportedStatus } from '../../core/messages/status.js'
import type { IgnoredEvent, ProviderEvent, StatusEvent } from '../../core/providers/provider.js'
import type { TemplateStatusEvent } from '../../core/providers/templates.js'
import { reasonOf } from '../meta-cloud/meta-template-status.js'
import { failedEventError } from './gupshup-errors.js'
import type { TemplateDirectory } from './gupshup-template-directory.js'
import { gupshupTemplateStatusOf } from './gupshup-template-read.js'
import type { CallbackContext } from './gupshup-webhook-messages.js'

const MessageEvent = z.object({
  id: z.string().min(1),
  gsId: z.string().min(1).optional().catch(undefined),
  type: z.string(),
  destination: z.string().optional().catch(undefined),
  payload: z.record(z.string(), z.unknown()).optional().catch(undefined),
})

// A Map, not an object literal: an event type named `constructor` must not find Object.prototype.
const REPORTED: ReadonlyMap<string, ReportedStatus> = new Map([['sent', 'sent'], ['delivered', 'delivered'], ['read', 'read'], ['failed', 'failed']])

const ignored = (reason: string): IgnoredEvent => ({ kind: 'ignored', reason })

/**
 * A `message-event` (docs/platform.md §7.1) as a status of the message Parley sent. Events name it
 * by Gupshup's id — the send answer's `messageId` — in `gsId` (`sent`, `delivered`, `read`, where
 * `id` is WhatsApp's) or in `id` (`enqueued`, `failed`), so the message is `gsId ?? id`. `enqueued`
 * (handed to WhatsApp) says no more than the send answer did; `deleted` moves nothing.
 */
export function parseMessageEvent(payload: unknown, context: CallbackContext): ProviderEvent {
  const parsed = MessageEvent.safeParse(payload)
  if (!parsed.success) return ignored(`malformed message-event: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)
  const e = parsed.data
  const status = REPORTED.get(e.type)
  if (!status) return ignored(`message-event:${e.type} for ${e.gsId ?? e.id}`)
  const event: StatusEvent = { kind: 'status', providerMessageId: e.gsId ?? e.id, status, at: context.at }
  if (context.businessNumberId) event.businessNumberId = context.businessNumberId
  // Gupshup echoes no reference of ours (§7.1), so `messageId` stays unset: the id above is the only link.
  if (status === 'failed') event.error = failedEventError(e.payload?.code, e.payload?.reason)
  return event
}

const TemplateEvent = z.object({
  id: z.string().min(1),
  type: z.string().optional().catch(undefined),
  status: z.string().min(1),
  rejectedReason: z.unknown().optional(),
  reason: z.unknown().optional(),
  elementName: z.string().optional().catch(undefined),
  languageCode: z.string().optional().catch(undefined),
})

/**
 * A `template-event` (`status-update`, §7.1): a review decision or a later change of status. It
 * names the template by Gupshup's id; name and language come with it or from the templates listed
 * last (the core matches by id first, so a template Parley submitted is found either way).
 */
export function parseTemplateEvent(payload: unknown, context: CallbackContext, directory: TemplateDirectory): ProviderEvent {
  const parsed = TemplateEvent.safeParse(payload)
  if (!parsed.success) return ignored(`malformed template-event: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)
  const t = parsed.data
  if (t.type !== undefined && t.type !== 'status-update') return ignored(`template-event:${t.type} for ${t.id}`)
  const status = gupshupTemplateStatusOf(t.status)
  if (!status) return ignored(`template-event status ${t.status} for ${t.id}`)
  const known = directory.byId(t.id)?.definition
  const event: TemplateStatusEvent = {
    kind: 'template_status',
    providerTemplateId: t.id,
    name: t.elementName ?? known?.name ?? '',
    language: t.languageCode ?? known?.language ?? '',
    status,
    providerStatus: t.status,
    reason: reasonOf(t.rejectedReason ?? t.reason),
    at: context.at,
  }
  return event
}
