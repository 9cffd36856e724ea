import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CONTACT_LIMITS, type ContactProfile, type ContactUpdate } from '../../core/contacts/model.js'
import type { Contacts } from '../../core/contacts/ports.js'
import { ParleyError } from '../../core/errors.js'
import type { MessageQueries } from '../../core/messages/ports.js'
import type { Clock } from '../../core/ports.js'
import { toIso } from '../../core/shared/time.js'
import type { ConversationAccess } from '../conversation-access.js'
import type { OpeningAudit } from '../conversation-opens.js'
import { errorSchema, languageCodeSchema, messagePageSchema, pageQueryFields, timeZoneSchema } from '../schemas.js'
import { instantJson, messageJson } from '../views.js'

export interface ContactRoutesDeps {
  contacts: Contacts
  messages: MessageQueries
  clock: Clock
  access: ConversationAccess
  /** Audits an operator's opening of the conversation (its first page read). */
  opened: OpeningAudit
}

const L = CONTACT_LIMITS
const phoneParams = z.object({ phone: z.string().min(1).max(64).describe("E.164, URL-encoded (%2B4915112345678), or the contact's `key` (its id, for a session that sees masked numbers)") })

const updateSchema = z
  .object({
    language: languageCodeSchema.nullable().optional(),
    name: z.string().min(1).max(200).optional(),
    timezone: timeZoneSchema.optional(),
    external_id: z.string().min(1).max(200).optional(),
    on_whatsapp: z.boolean().optional().describe("false: the number has no WhatsApp (rules go by their SMS fallback); true: it has, whatever a failed send said."),
    marketing_consent: z.object({ granted: z.boolean(), source: z.string().min(1).max(100) }).strict().optional(),
    tags: z.array(z.string().min(1).max(L.tagLength)).max(L.tags).optional().describe(`Replaces the contact's tags: at most ${L.tags}, each at most ${L.tagLength} characters.`),
    attributes: z
      .record(z.string().min(1).max(L.attributeKeyLength), z.union([z.string().max(L.attributeValueLength), z.number(), z.boolean()]))
      .refine((a) => Object.keys(a).length <= L.attributes, `at most ${L.attributes} attributes`)
      .optional()
      .describe(`Replaces the contact's attributes: at most ${L.attributes}, keys at most ${L.attributeKeyLength} characters, string (at most ${L.attributeValueLength} characters), number or boolean values.`),
  })
  .strict()

const consentJson = z.object({ granted: z.boolean(), source: z.string(), at: z.string() }).nullable()
const contactSchema = z
  .object({
    id: z.string(),
    key: z.string().describe('How to address the contact in `:phone` routes and links: its phone, or its id for a session that sees masked numbers.'),
    phone: z.string(),
    name: z.string().nullable(),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    external_id: z.string().nullable(),
    wa_id: z.string().nullable(),
    opted_out: z.boolean(),
    opt_out: consentJson,
    marketing_consent: consentJson,
    on_whatsapp: z.boolean().nullable(),
    last_inbound_at: z.string().nullable(),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Contact' })

function contactJson(c: ContactProfile, key: string): z.output<typeof contactSchema> {
  const consent = (r: ContactProfile['optOut']) => (r ? { granted: r.granted, source: r.source, at: toIso(r.at) } : null)
  return {
    id: c.id,
    key,
    phone: c.phone,
    name: c.name,
    language: c.language,
    timezone: c.timezone,
    external_id: c.externalId,
    wa_id: c.providerUserId,
    opted_out: c.optOut !== null,
    opt_out: consent(c.optOut),
    marketing_consent: consent(c.marketingConsent),
    on_whatsapp: c.onWhatsApp,
    last_inbound_at: c.lastInboundAt === null ? null : instantJson(c.lastInboundAt),
    tags: c.tags,
    attributes: c.attributes,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  }
}

export const contactRoutes: FastifyPluginAsyncZod<ContactRoutesDeps> = async (app, { contacts, messages, clock, access, opened }) => {
  app.put(
    '/v1/contacts/:phone',
    {
      schema: {
        summary: 'Create or update a contact: language, name, time zone, your id, marketing consent, tags, attributes',
        description:
          "Template sends that name no language use the contact's, then the fallback chain; quiet hours use its time zone; marketing needs `marketing_consent.granted` (kept with its source and time). Fields left out stay as they are; `tags` and `attributes` replace the stored ones. Everything is stored in one transaction.",
        tags: ['contacts'],
        params: phoneParams,
        body: updateSchema,
        response: { 200: contactSchema, 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const phone = await access.resolveForUpsert(request, request.params.phone)
      const now = clock.now()
      const b = request.body
      const update: ContactUpdate = {
        phone,
        ...(b.language !== undefined ? { language: b.language } : {}),
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
        ...(b.external_id !== undefined ? { externalId: b.external_id } : {}),
        ...(b.on_whatsapp !== undefined ? { onWhatsApp: b.on_whatsapp } : {}),
        ...(b.tags !== undefined ? { tags: b.tags } : {}),
        ...(b.attributes !== undefined ? { attributes: b.attributes } : {}),
        ...(b.marketing_consent ? { marketingConsent: { ...b.marketing_consent, at: now } } : {}),
      }
      const saved = await contacts.save(update, now)
      return contactJson(saved, access.keyOf(request, { contactId: saved.id, phone: saved.phone }))
    },
  )

  app.get(
    '/v1/contacts/:phone',
    {
      schema: {
        summary: "A contact's profile: language, time zone, consent, opt-out, reachability, tags, attributes",
        tags: ['contacts'],
        params: phoneParams,
        response: { 200: contactSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const { phone } = await access.resolve(request, request.params.phone)
      const contact = (await contacts.byPhones([phone])).get(phone)
      if (!contact) throw new ParleyError('not_found', `No contact ${request.params.phone}.`)
      return contactJson(contact, access.keyOf(request, { contactId: contact.id, phone }))
    },
  )

  app.get(
    '/v1/contacts/:phone/messages',
    {
      schema: {
        summary: "A contact's conversation, newest first",
        description: 'Inbound and outbound messages. Pass `next_cursor` back as `cursor` for the next page.',
        tags: ['contacts'],
        params: phoneParams,
        querystring: z.object(pageQueryFields),
        response: {
          200: messagePageSchema,
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const { phone, contactId } = await access.resolve(request, request.params.phone)
      const page = await messages.listByContact(phone, request.query.limit, request.query.cursor ?? null)
      if (!page) throw new ParleyError('not_found', `No contact ${request.params.phone}.`)
      if (request.query.cursor === undefined) await opened(request.actor, contactId)
      return { data: page.items.map(messageJson), next_cursor: page.nextCursor }
    },
  )
}
