import { z } from 'zod'
import type { InboundContent } from '../../core/messages/content.js'
import type { ReportedStatus } from '../../core/messages/status.js'
import type { IgnoredEvent, InboundEvent, ProviderEvent, ReportedPricing, StatusEvent } from '../../core/providers/provider.js'
import { isRetryableMetaError, readMetaError, toProviderError } from './meta-errors.js'
import { isPlausibleEpochSeconds } from './meta-time.js'

/**
 * Meta timestamps are strings of Unix seconds; a number is tolerated. One outside 2000..2100 is no
 * time Meta reports (20 digits would even be past what a Date can show): the status or message
 * carrying it is malformed, ignored with that reason like any other unreadable event.
 */
const Seconds = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((s) => Number(s))
  .refine(isPlausibleEpochSeconds, 'not Unix seconds between the years 2000 and 2100')
  .transform((s) => s * 1000)

const Status = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: Seconds,
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  pricing: z
    .object({ pricing_model: z.string().optional(), type: z.string().optional(), category: z.string().optional(), billable: z.boolean().optional() })
    .optional(),
  errors: z.array(z.unknown()).optional(),
})

// docs/platform.md §2.4: the body object of an image, video, document, audio or sticker message.
// A field of an unexpected shape is dropped, not the message: the placeholder still shows its kind.
const loose = z.string().optional().catch(undefined)
const Media = z.object({ id: loose, mime_type: loose, caption: loose, filename: loose })
const Location = z.object({ latitude: z.coerce.number().finite(), longitude: z.coerce.number().finite(), name: loose, address: loose })

const Reply = z.object({ id: z.string(), title: z.string(), description: z.string().optional() })

const Message = z.object({
  id: z.string().min(1),
  from: z.string().optional(),
  timestamp: Seconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string(), payload: z.string().nullish() }).optional(),
  interactive: z.object({ type: z.string(), button_reply: Reply.optional(), list_reply: Reply.optional() }).optional(),
  context: z.object({ id: z.string().optional() }).optional(),
  image: Media.optional(),
  video: Media.optional(),
  document: Media.optional(),
  audio: Media.optional(),
  sticker: Media.optional(),
  // An unreadable location is still a location: shown as one, without its place.
  location: Location.optional().catch(undefined),
})

const MessagesValue = z.object({
  metadata: z.object({ phone_number_id: z.string().optional() }).optional(),
  contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
})

// A Map, not an object literal: a status named `toString` must not find Object.prototype.
const REPORTED: ReadonlyMap<string, ReportedStatus> = new Map([['sent', 'sent'], ['delivered', 'delivered'], ['read', 'read'], ['failed', 'failed']])

const ignored = (reason: string): IgnoredEvent => ({ kind: 'ignored', reason })
const malformed = (what: string, error: z.ZodError): IgnoredEvent => ignored(`malformed ${what}: ${error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)

/** Events in the `value` of a `messages` change: every status, every inbound message, every system error. */
export function parseMessagesValue(value: unknown): ProviderEvent[] {
  const parsed = MessagesValue.safeParse(value)
  if (!parsed.success) return [malformed('messages value', parsed.error)]
  const { metadata, contacts = [], messages = [], statuses = [], errors = [] } = parsed.data
  const names = new Map(contacts.flatMap((c) => (c.wa_id && c.profile?.name ? [[c.wa_id, c.profile.name] as const] : [])))
  const businessNumberId = metadata?.phone_number_id
  return [
    ...statuses.map((status) => statusEvent(status, businessNumberId)),
    ...messages.map((message) => inboundEvent(message, names, businessNumberId)),
    // App- or number-level problems (not tied to a message): nothing for the core to apply.
    ...errors.map((error) => ignored(`error:${readMetaError(error)?.code ?? 'unreadable'}`)),
  ]
}

function statusEvent(raw: unknown, businessNumberId: string | undefined): ProviderEvent {
  const parsed = Status.safeParse(raw)
  if (!parsed.success) return malformed('status', parsed.error)
  const s = parsed.data
  const status = REPORTED.get(s.status)
  // `played` (first play of a voice note) and statuses newer than this adapter move nothing.
  if (!status) return ignored(`status:${s.status}`)
  const event: StatusEvent = { kind: 'status', providerMessageId: s.id, status, at: s.timestamp }
  if (businessNumberId) event.businessNumberId = businessNumberId
  if (s.biz_opaque_callback_data) event.messageId = s.biz_opaque_callback_data
  if (s.recipient_id) event.recipientId = s.recipient_id
  const pricing = s.pricing && pricingOf(s.pricing)
  if (pricing) event.pricing = pricing
  if (status === 'failed') {
    const error = readMetaError(s.errors?.[0])
    event.error = error
      ? {
          ...toProviderError(error),
          retryable: isRetryableMetaError(error),
          // docs/platform.md §4.2: 131026 — not on WhatsApp (or cannot receive): later notifications route elsewhere or are suppressed.
          ...(error.code === 131026 ? { unreachable: true } : {}),
        }
      : { code: 'unknown', title: 'Failed status without a readable error', retryable: false }
  }
  return event
}

function pricingOf(p: NonNullable<z.infer<typeof Status>['pricing']>): ReportedPricing | undefined {
  const pricing: ReportedPricing = {}
  if (p.pricing_model) pricing.model = p.pricing_model
  if (p.type) pricing.type = p.type
  // Meta's docs spell it both ways; keep one spelling so cost lookups match.
  if (p.category) pricing.category = p.category.replace('authentication-international', 'authentication_international')
  if (p.billable !== undefined) pricing.billable = p.billable
  return Object.keys(pricing).length > 0 ? pricing : undefined
}

function inboundEvent(raw: unknown, names: ReadonlyMap<string, string>, businessNumberId: string | undefined): ProviderEvent {
  const parsed = Message.safeParse(raw)
  if (!parsed.success) return malformed('message', parsed.error)
  const m = parsed.data
  // Username users (2026) may come without a phone-based wa_id; the port has no field for their BSUID yet.
  if (!m.from) return ignored(`message ${m.id} without from (wa_id)`)
  const content = contentOf(m)
  if (!content) return ignored(`message ${m.id} of type ${m.type} without its ${m.type} object`)
  const event: InboundEvent = { kind: 'inbound', providerMessageId: m.id, fromId: m.from, fromPhone: `+${m.from}`, at: m.timestamp, content }
  const profileName = names.get(m.from)
  if (profileName) event.profileName = profileName
  if (businessNumberId) event.businessNumberId = businessNumberId
  if (m.context?.id) event.replyTo = m.context.id
  return event
}

/** The normalised content, or `undefined` when a type Parley reads lacks its body object. */
function contentOf(m: z.infer<typeof Message>): InboundContent | undefined {
  switch (m.type) {
    case 'text':
      return m.text && { kind: 'text', text: m.text.body }
    case 'button':
      return m.button && { kind: 'button', text: m.button.text, payload: m.button.payload ?? null }
    case 'interactive': {
      const interactive = m.interactive
      if (!interactive) return undefined
      const { type } = interactive
      // Flow replies (`nfm_reply`) and newer kinds are kept, not interpreted.
      if (type !== 'button_reply' && type !== 'list_reply') return { kind: 'other', providerType: `interactive:${type}` }
      const reply = interactive[type]
      if (!reply) return undefined
      return { kind: 'interactive', replyType: type, id: reply.id, title: reply.title, ...(reply.description ? { description: reply.description } : {}) }
    }
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker': {
      const media = m[m.type]
      if (!media) return undefined
      return {
        kind: 'media',
        mediaType: m.type,
        ...(media.caption ? { caption: media.caption } : {}),
        ...(media.filename ? { filename: media.filename } : {}),
        ...(media.mime_type ? { mimeType: media.mime_type } : {}),
      }
    }
    case 'location': {
      const l = m.location
      if (!l) return { kind: 'other', providerType: 'location' }
      return { kind: 'location', latitude: l.latitude, longitude: l.longitude, ...(l.name ? { name: l.name } : {}), ...(l.address ? { address: l.address } : {}) }
    }
    default:
      return { kind: 'other', providerType: m.type }
  }
}
