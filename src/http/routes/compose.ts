import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fillCannedReply, CANNED_REPLY_VARIABLES, type CannedReply } from '../../core/compose/canned-replies.js'
import { paymentTemplate, paymentUrl, type PaymentLinkSettings } from '../../core/compose/payment-link.js'
import type { ContactProfile } from '../../core/contacts/model.js'
import { billingMarket } from '../../core/costs/billing-market.js'
import type { RateCategory } from '../../core/costs/rate-card.js'
import type { AcceptDeps } from '../../core/messages/accept-messages.js'
import { estimateSend } from '../../core/messages/estimate-send.js'
import { isWindowOpen } from '../../core/messages/window.js'
import type { Contacts } from '../../core/contacts/ports.js'
import { ParleyError } from '../../core/errors.js'
import type { FallbackChain } from '../../core/templates/choose-language.js'
import type { TemplateStore } from '../../core/templates/ports.js'
import { isSendable } from '../../core/templates/status.js'
import type { ConversationAccess } from '../conversation-access.js'
import { errorSchema, estimateSchema } from '../schemas.js'
import { estimateJson } from '../views.js'

export interface ComposeRoutesDeps {
  paymentLink: PaymentLinkSettings | null
  cannedReplies: readonly CannedReply[]
  contacts: Contacts
  templates: TemplateStore
  languages: { defaultLanguage: string; fallback: FallbackChain }
  access: ConversationAccess
  /** What a send from the inbox is priced with: the default sender (the composer sends from it), the costs, the clock. */
  sending: Pick<AcceptDeps, 'senders' | 'defaultSenderId' | 'costs' | 'clock'>
}

const phoneParams = z.object({ phone: z.string().min(1).max(64).describe("E.164, URL-encoded, or the contact's `key`") })

const paymentLinkSchema = z
  .object({
    url: z.string().describe('PARLEY_PAYMENT_LINK_URL filled in for the contact: sent as text inside the window.'),
    template: z
      .object({ name: z.string(), language: z.string(), buttons: z.record(z.string(), z.string()) })
      .nullable()
      .describe("Outside the window: PARLEY_PAYMENT_LINK_TEMPLATE's approved version in the contact's language, with the URL button's value that opens `url`; null when there is none."),
  })
  .meta({ id: 'PaymentLink' })

const cannedRepliesSchema = z
  .object({
    data: z.array(
      z.object({
        title: z.string(),
        text: z.string(),
        missing: z.array(z.enum(CANNED_REPLY_VARIABLES)).describe('Variables the contact has no value for; left in the text as written.'),
      }),
    ),
  })
  .meta({ id: 'CannedReplies' })

/** The composer's helpers for one contact: its payment link and the canned replies filled in for it. */
const estimateQuery = z
  .object({
    template: z.string().min(1).max(512).optional().describe('The template about to be sent; without it, a free-form message.'),
    language: z.string().min(1).max(32).optional().describe("The template's language (default: the first approved one of its family)."),
  })
  .strict()

const sendEstimateSchema = z
  .object({
    window: z.enum(['open', 'closed']).describe("The contact's customer-service window now: free-form messages only go inside it."),
    cost: estimateSchema.nullable().describe('Null where the send is not priced (an SMS sender, no rate card in force).'),
  })
  .meta({ id: 'SendEstimate' })

export const composeRoutes: FastifyPluginAsyncZod<ComposeRoutesDeps> = async (app, { paymentLink, cannedReplies, contacts, templates, languages, access, sending }) => {
  async function contactOf(request: FastifyRequest, raw: string): Promise<ContactProfile> {
    const { phone } = await access.resolve(request, raw)
    const contact = (await contacts.byPhones([phone])).get(phone)
    if (!contact) throw new ParleyError('not_found', `No contact ${raw}.`)
    return contact
  }

  app.get(
    '/v1/contacts/:phone/payment-link',
    {
      schema: {
        summary: "The contact's payment link, and the template that carries it outside the window",
        tags: ['contacts'],
        params: phoneParams,
        response: { 200: paymentLinkSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      if (!paymentLink) throw new ParleyError('payment_link_not_configured', 'Payment links are not configured (PARLEY_PAYMENT_LINK_URL).')
      const contact = await contactOf(request, request.params.phone)
      const url = paymentUrl(paymentLink.urlPattern, { phone: contact.phone, externalId: contact.externalId })
      if (!url.ok) throw new ParleyError('contact_external_id_missing', `The payment link needs the contact's external_id, and ${contact.phone} has none: set it with PUT /v1/contacts/{phone}.`)
      const template = paymentLink.templateName ? paymentTemplate(await templates.family(paymentLink.templateName), url.url, contact.language, languages) : null
      return { url: url.url, template }
    },
  )

  app.get(
    '/v1/contacts/:phone/canned-replies',
    {
      schema: {
        summary: 'The canned replies (PARLEY_CANNED_REPLIES_FILE) with the contact’s {name}, {external_id} and {phone} filled in',
        tags: ['contacts'],
        params: phoneParams,
        response: { 200: cannedRepliesSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const contact = await contactOf(request, request.params.phone)
      return { data: cannedReplies.map((reply) => fillCannedReply(reply, { name: contact.name, externalId: contact.externalId, phone: contact.phone })) }
    },
  )

  app.get(
    '/v1/contacts/:phone/send-estimate',
    {
      schema: {
        summary: 'What a message to the contact from the inbox would cost if sent now',
        description: 'Priced like POST /v1/messages prices an accepted message (the same estimate), from the default sender; nothing is sent or stored.',
        tags: ['contacts'],
        params: phoneParams,
        querystring: estimateQuery,
        response: { 200: sendEstimateSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const contact = await contactOf(request, request.params.phone)
      const { template, language } = request.query
      let category: RateCategory = 'service'
      if (template !== undefined) {
        const family = (await templates.family(template)).filter((t) => isSendable(t.status))
        const chosen = family.find((t) => language === undefined || t.definition.language === language)
        if (!chosen) throw new ParleyError('template_not_found', `No approved template "${template}"${language ? ` in ${language}` : ''}.`, { name: template, language: language ?? null })
        category = chosen.definition.category.toLowerCase() as RateCategory
      }
      const sender = sending.senders.get(sending.defaultSenderId)!
      const now = sending.clock.now()
      const cost = estimateSend(sending.costs, { sender, market: billingMarket(contact.phone), category, lastInboundAt: contact.lastInboundAt, now })
      const window: 'open' | 'closed' = isWindowOpen(contact.lastInboundAt, now) ? 'open' : 'closed'
      return { window, cost: estimateJson(cost).cost ?? null }
    },
  )
}
