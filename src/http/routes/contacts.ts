import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { normalizePhone } from '../../core/contacts/phone.js'
import { ParleyError } from '../../core/errors.js'
import type { MessageStore } from '../../core/messages/ports.js'
import { errorSchema, messageViewSchema } from '../schemas.js'
import type { Clock } from '../../core/ports.js'
import { messageJson } from '../views.js'

export const contactRoutes: FastifyPluginAsyncZod<{ store: MessageStore; clock: Clock }> = async (app, { store, clock }) => {
  app.put(
    '/v1/contacts/:phone',
    {
      schema: {
        summary: "Create a contact or set its preferred template language",
        description: 'Template sends that name no language use it, then the fallback chain.',
        tags: ['contacts'],
        params: z.object({ phone: z.string().min(1).max(40) }),
        body: z.object({ language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, 'a language code such as en, tr or pt_BR').nullable() }).strict(),
        response: { 200: z.object({ phone: z.string(), language: z.string().nullable() }), 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const phone = normalizePhone(request.params.phone)
      if (!phone.ok) throw new ParleyError('invalid_phone', `"${request.params.phone}" is not a valid phone number in international format.`, { reason: phone.reason })
      await store.setContactLanguage(phone.e164, request.body.language, clock.now())
      return { phone: phone.e164, language: request.body.language }
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
          cursor: z.string().max(64).optional(),
        }),
        response: {
          200: z.object({ data: z.array(messageViewSchema), next_cursor: z.string().nullable() }),
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const phone = normalizePhone(request.params.phone)
      if (!phone.ok) throw new ParleyError('invalid_phone', `"${request.params.phone}" is not a valid phone number in international format.`, { reason: phone.reason })
      const page = await store.listByContact(phone.e164, request.query.limit, request.query.cursor ?? null)
      if (!page) throw new ParleyError('not_found', `No contact ${phone.e164}.`)
      return { data: page.items.map(messageJson), next_cursor: page.nextCursor }
    },
  )
}
