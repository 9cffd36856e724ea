import { isTimeZone } from '../core/shared/time-zone.js'
import { z } from 'zod'
import { normalizePhone } from '../core/contacts/phone.js'
import { ERROR_CODES } from '../core/errors.js'
import { CHANNELS } from '../core/providers/channel.js'
import type { MessageInput } from '../core/messages/accept-messages.js'
import { SEND_OVERRIDES } from '../core/messages/check-opt-out.js'
import { AWAITING_WORD } from '../core/messages/status.js'
import { MEDIA_CAPTION_MAX, MEDIA_FILENAME_MAX, MEDIA_LINK_MAX, mediaIssues, OUTBOUND_MEDIA_TYPES } from '../core/messages/media.js'
import { decodeCursor } from '../core/shared/page-cursor.js'
import { boundedJsonObject, JSON_MAX_DEPTH } from './json-limits.js'

const METADATA_MAX_BYTES = 8192

/** `details` of an error: always present, an object (`{}` when there is nothing to add). */
export const errorDetailsSchema = z.record(z.string(), z.unknown()).describe('Always present: {} when there is nothing to add; validation errors list `issues` (path, message).')

export const errorSchema = z
  .object({ error: z.object({ code: z.enum(ERROR_CODES).describe('Stable: match on it, never on the message'), message: z.string(), details: errorDetailsSchema }) })
  .meta({ id: 'Error' })

/** A contact's preferred language, as template languages are written. */
export const languageCodeSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, 'a language code such as en, tr or pt_BR')

/** An IANA time zone name; anything else would be stored and only fail later, at quiet hours. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'an IANA time zone such as Europe/Istanbul')
  .describe('IANA time zone, e.g. Europe/Istanbul')

/** A phone number that normalises to E.164 (refused at the edge, before anything is stored). */
export const phoneNumberSchema = z
  .string()
  .min(1)
  .max(40)
  .refine((phone) => normalizePhone(phone).ok, 'a valid phone number in international format, e.g. +4915112345678')

/** A template's values: a list for `{{1}}`-style templates, an object by name for `{{child_name}}`-style ones. */
export const paramsSchema = z.union([
  z.array(z.string().max(1024)).max(100),
  z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'named parameters are lowercase snake_case'), z.string().max(1024)),
])

const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and underscores only'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, 'a language code such as en, en_US or pt_BR')
      .optional()
      .describe("Exact language. When absent: the contact's language, then the fallback chain (PARLEY_TEMPLATE_FALLBACK), then PARLEY_DEFAULT_LANGUAGE."),
    params: z
      .union([
        z.array(z.string().max(1024)).max(100),
        z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'named parameters are lowercase snake_case'), z.string().max(1024)),
      ])
      .optional()
      .describe('Body parameters: positional (an array, for {{1}}, {{2}}…) or named (an object, for {{child_name}}…).'),
    header_params: paramsSchema.optional().describe("The text header's variable."),
    header_media: z.string().url().optional().describe("The media header's file: a public HTTPS URL."),
    buttons: z
      .record(z.string().regex(/^\d+$/, "a button's zero-based position"), z.string().min(1).max(2000))
      .optional()
      .describe('Values for buttons that take one, by position: a URL suffix, a copy code, a quick-reply payload.'),
  })
  .strict()

/** A file by public URL (docs/platform.md §1.4), checked here so nothing unsendable is stored. */
export const mediaRequestSchema = z
  .object({
    type: z.enum(OUTBOUND_MEDIA_TYPES),
    url: z.string().min(1).max(MEDIA_LINK_MAX).describe('A public https:// URL the platform fetches the file from.'),
    caption: z.string().min(1).max(MEDIA_CAPTION_MAX * 2).optional().describe(`At most ${MEDIA_CAPTION_MAX} characters; not for audio.`),
    filename: z.string().min(1).max(MEDIA_FILENAME_MAX * 2).optional().describe('Documents only: the name the phone shows.'),
  })
  .strict()
  .superRefine((media, ctx) => {
    for (const issue of mediaIssues({ type: media.type, link: media.url, caption: media.caption, filename: media.filename })) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.path === 'link' ? 'url' : issue.path] })
    }
  })
  .meta({ id: 'MediaRequest' })

export const messageRequestSchema = z
  .object({
    to: z.string().min(1).max(40).describe('Recipient phone number in international format, e.g. +4915112345678.'),
    text: z.string().min(1).max(4096).optional().describe('Free-form text (only delivered inside the 24-hour customer-service window).'),
    preview_url: z.boolean().optional(),
    template: templateSchema.optional(),
    media: mediaRequestSchema.optional().describe('An image, document, video or audio by URL (free-form: only delivered inside the 24-hour window).'),
    from: z.string().min(1).max(64).optional().describe('Sender id; the default sender when absent.'),
    metadata: boundedJsonObject(METADATA_MAX_BYTES).optional().describe(`Your own data, returned with the message (up to 8 KB as JSON, nested at most ${JSON_MAX_DEPTH} levels).`),
    policy: z
      .object({ override: z.enum(SEND_OVERRIDES) })
      .strict()
      .optional()
      .describe(
        'Only for a contact who opted out (otherwise 422 contact_opted_out): "requested_by_contact" (they wrote after opting out, less than 24 h ago) or "transactional" (a utility or authentication template). Marketing is never sent to them.',
      ),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ([value.text, value.template, value.media].filter((v) => v !== undefined).length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'provide exactly one of "text", "template" or "media"', path: [] })
    }
    if (value.preview_url !== undefined && value.text === undefined) {
      ctx.addIssue({ code: 'custom', message: '"preview_url" applies to text messages only', path: ['preview_url'] })
    }
  })
  .meta({ id: 'MessageRequest' })

export type MessageRequest = z.infer<typeof messageRequestSchema>

/** The API's request shape → the core's input. */
export function toMessageInput(request: MessageRequest): MessageInput {
  const t = request.template
  const m = request.media
  const body: MessageInput['body'] =
    m !== undefined
      ? {
          kind: 'media',
          mediaType: m.type,
          link: m.url,
          ...(m.caption !== undefined ? { caption: m.caption } : {}),
          ...(m.filename !== undefined ? { filename: m.filename } : {}),
        }
      : t !== undefined
      ? {
          kind: 'template',
          request: {
            name: t.name,
            params: t.params ?? [],
            ...(t.language !== undefined ? { language: t.language } : {}),
            ...(t.header_params !== undefined ? { headerParams: t.header_params } : {}),
            ...(t.header_media !== undefined ? { headerMedia: t.header_media } : {}),
            ...(t.buttons !== undefined ? { buttons: t.buttons } : {}),
          },
        }
      : { kind: 'text', text: request.text!, ...(request.preview_url !== undefined ? { previewUrl: request.preview_url } : {}) }
  return {
    to: request.to,
    body,
    metadata: request.metadata ?? null,
    ...(request.from ? { from: request.from } : {}),
    ...(request.policy ? { override: request.policy.override } : {}),
  }
}

/** What an accepted item adds for an SMS: the segments it is billed by, counted before it goes (absent for WhatsApp). */
export const smsSegmentsField = { segments: z.number().int().min(1).optional().describe('SMS senders only: the segments the text takes (GSM-7: 160, or 153 per part; UCS-2: 70, or 67 per part).') }

/** One stage of a message's cost (integer micro-units: 1 USD = 1,000,000). */
export const costSchema = z
  .object({
    total_micros: z.number().int().describe('platform_micros + provider_micros.'),
    platform_micros: z.number().int().describe("What the platform (Meta) charges for it."),
    provider_micros: z.number().int().describe("What the provider (BSP) charges on top, by the fee model of the account that carried it (its `feeModel`, else PARLEY_PROVIDER_FEE_MODEL; 0 direct)."),
    currency: z.string(),
    category: z.string().describe('The category priced: marketing, utility, authentication, authentication_international, service; the final takes the platform\'s; sms for an SMS (per segment, by its account\'s fee model).'),
    reason: z.string().describe('charged, free_in_window, free_allowance, free_entry_point, not_billable, failed, inbound.'),
    card: z.string().nullable().describe('The rate card that priced it.'),
  })
  .meta({ id: 'MessageCost' })

/** The estimate in a send's answer: `estimated_micros` is the total. */
export const estimateSchema = costSchema.omit({ total_micros: true }).extend({ estimated_micros: z.number().int() }).meta({ id: 'CostEstimate' })

/** The estimate of an accepted message; absent for an SMS whose account's fee model prices no SMS. */
export const costEstimateField = { cost: estimateSchema.optional().describe('The estimated cost, as if delivered now (the final arrives with the platform\'s pricing, see GET /v1/messages/{id}); an SMS only where its account\'s fee model prices SMS, per segment.') }

export const acceptedSchema = z.object({ id: z.string(), status: z.string(), ...smsSegmentsField, ...costEstimateField }).meta({ id: 'AcceptedMessage' })

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe('Retrying with the same key and body returns the original result; another body is a 409.'),
})

const errorRecordSchema = z.object({ code: z.string(), title: z.string(), retryable: z.boolean() })

export const messageViewSchema = z
  .object({
    id: z.string(),
    direction: z.enum(['outbound', 'inbound']),
    to: z.string().describe('Outbound: the recipient. Inbound: the sender id that received it.'),
    from: z.string().describe('Outbound: the sender id. Inbound: the user phone number.'),
    kind: z.string(),
    text: z.string().describe('What the person sees (for templates, a summary until templates are rendered).'),
    content: z.unknown(),
    segments: z.number().int().nullable().describe('An outbound SMS: the segments it is billed by; null for WhatsApp and inbound messages.'),
    status: z.string(),
    channel: z.enum(CHANNELS).describe('whatsapp or sms.'),
    provider: z.string(),
    account: z.string().describe('The account (provider login in parley.yaml) that carried it; messages from before accounts existed show their provider.'),
    provider_message_id: z.string().nullable(),
    reply_to: z.string().nullable(),
    attempts: z.number().int(),
    error: errorRecordSchema.nullable(),
    pricing: z.object({ category: z.string().optional(), type: z.string().optional() }).nullable(),
    cost: z
      .object({ estimated: costSchema.nullable(), final: costSchema.nullable(), discrepancy: z.boolean().describe('The final differs from the estimate.') })
      .describe('Estimated at accept (inbound: the provider fees on receipt), final from the platform\'s pricing; null where not priced (SMS, messages from before costs).'),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    last_heard: z
      .object({ status: z.enum(AWAITING_WORD), at: z.string() })
      .nullable()
      .describe('While `stale`: the status the message was last heard in, and when; null otherwise.'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Message' })

/** The query fields of a paged listing: `next_cursor` comes back as `cursor`, unchanged. */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(64)
    .refine((cursor) => decodeCursor(cursor) !== null, 'not a cursor this API issued: pass back a next_cursor unchanged')
    .optional(),
}

/** One page of messages. */
export const messagePageSchema = z.object({ data: z.array(messageViewSchema), next_cursor: z.string().nullable() })

export const historyEntrySchema = z.object({
  status: z.string(),
  at: z.string(),
  source: z.string(),
  error: z.object({ code: z.string(), title: z.string() }).nullable(),
})
