import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requirePhone } from '../require-phone.js'
import { ParleyError } from '../../core/errors.js'
import type { MessageStore } from '../../core/messages/ports.js'
import { errorSchema, languageCodeSchema, messageViewSchema, timeZoneSchema } from '../schemas.js'
import type { Clock } from '../../core/ports.js'
import type { NotificationStore } from '../../core/notifications/ports.js'
import { messageJson } from '../views.js'
import { decodeCursor } from '../../core/shared/page-cursor.js'

const contactViewSchema = z
  .object({
    phone: z.string().describe('E.164'),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    opted_out: z.boolean(),
    marketing_consent: z.object({ granted: z.boolean(), source: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'Contact' })

export const contactRoutes: FastifyPluginAsyncZod<{ store: MessageStore; notifications: NotificationStore; clock: Clock }> = async (app, { store, notifications, clock }) => {
  app.put(
    '/v1/contacts/:phone',
    {
      schema: {
        summary: 'Create or update a contact: language, name, time zone, your id, marketing consent',
        description:
          "Template sends that name no language use the contact's, then the fallback chain; quiet hours use its time zone; marketing needs `marketing_consent.granted` (kept with its source and time).",
        tags: ['contacts'],
        params: z.object({ phone: z.string().min(1).max(40) }),
        body: z
          .object({
            language: languageCodeSchema.nullable().optional(),
            name: z.string().min(1).max(200).optional(),
            timezone: timeZoneSchema.optional(),
            external_id: z.string().min(1).max(200).optional(),
            marketing_consent: z.object({ granted: z.boolean(), source: z.string().min(1).max(100) }).strict().optional(),
          })
          .strict(),
        response: { 200: contactViewSchema, 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const phone = requirePhone(request.params.phone)
      const now = clock.now()
      const b = request.body
      if (b.language !== undefined) await store.setContactLanguage(phone, b.language, now)
      const ids = await notifications.upsertContacts(
        [{ phone, ...(b.name ? { name: b.name } : {}), ...(b.timezone ? { timezone: b.timezone } : {}), ...(b.external_id ? { externalId: b.external_id } : {}) }],
        now,
      )
      const id = ids.get(phone)!
      if (b.marketing_consent) await notifications.setMarketingConsent(id, { ...b.marketing_consent, at: now }, now)
      const state = (await notifications.contactStates([id])).get(id)!
      return {
        phone,
        language: state.language,
        timezone: state.timezone,
        opted_out: state.optOut !== null,
        marketing_consent: state.marketingConsent ? { granted: state.marketingConsent.granted, source: state.marketingConsent.source, at: new Date(state.marketingConsent.at).toISOString() } : null,
      }
    },
  )

  app.get(
    '/v1/contacts/:phone/messages',
    {
      schema: {
        summary: "A contact's conversation, newest first",
        description: 'Inbound and outbound messages. Pass `next_cursor` back as `cursor` for the next page.',
        tags: ['contacts'],
        params: z.object({ phone: z.string().min(1).max(40).describe('E.164, URL-encoded: %2B4915112345678') }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z
            .string()
            .max(64)
            .refine((cursor) => decodeCursor(cursor) !== null, 'not a cursor this API issued: pass back a next_cursor unchanged')
            .optional(),
        }),
        response: {
          200: z.object({ data: z.array(messageViewSchema), next_cursor: z.string().nullable() }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const phone = requirePhone(request.params.phone)
      const page = await store.listByContact(phone, request.query.limit, request.query.cursor ?? null)
      if (!page) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { data: page.items.map(messageJson), next_cursor: page.nextCursor }
    },
  )
}
