import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Contacts } from '../../core/contacts/ports.js'
import { ParleyError } from '../../core/errors.js'
import { paymentTemplate, paymentUrl, type PaymentLinkSettings } from '../../core/payments/payment-link.js'
import type { FallbackChain } from '../../core/templates/choose-language.js'
import type { TemplateStore } from '../../core/templates/ports.js'
import { requirePhone } from '../require-phone.js'
import { errorSchema } from '../schemas.js'

export interface PaymentLinkRoutesDeps {
  settings: PaymentLinkSettings | null
  contacts: Contacts
  templates: TemplateStore
  languages: { defaultLanguage: string; fallback: FallbackChain }
}

const paymentLinkSchema = z
  .object({
    url: z.string().describe('PARLEY_PAYMENT_LINK_URL filled in for the contact: sent as text inside the window.'),
    template: z
      .object({ name: z.string(), language: z.string(), buttons: z.record(z.string(), z.string()) })
      .nullable()
      .describe("Outside the window: PARLEY_PAYMENT_LINK_TEMPLATE's approved version in the contact's language, with the URL button's value that opens `url`; null when there is none."),
  })
  .meta({ id: 'PaymentLink' })

export const paymentLinkRoutes: FastifyPluginAsyncZod<PaymentLinkRoutesDeps> = async (app, { settings, contacts, templates, languages }) => {
  app.get(
    '/v1/contacts/:phone/payment-link',
    {
      schema: {
        summary: "The contact's payment link, and the template that carries it outside the window",
        tags: ['contacts'],
        params: z.object({ phone: z.string().min(1).max(40) }),
        response: { 200: paymentLinkSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      if (!settings) throw new ParleyError('payment_link_not_configured', 'Payment links are not configured (PARLEY_PAYMENT_LINK_URL).')
      const phone = requirePhone(request.params.phone)
      const contact = (await contacts.byPhones([phone])).get(phone)
      if (!contact) throw new ParleyError('not_found', `No contact ${phone}.`)
      const url = paymentUrl(settings.urlPattern, { phone, externalId: contact.externalId })
      if (!url.ok) throw new ParleyError('contact_external_id_missing', `The payment link needs the contact's external_id, and ${phone} has none: set it with PUT /v1/contacts/{phone}.`)
      const template = settings.templateName ? paymentTemplate(await templates.family(settings.templateName), url.url, contact.language, languages) : null
      return { url: url.url, template }
    },
  )
}
