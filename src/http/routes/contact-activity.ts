import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import type { ContactActivity, ContactEvent } from '../../core/inbox/contact-activity.js'
import { requirePhone } from '../require-phone.js'
import { errorSchema } from '../schemas.js'
import { instantJson } from '../views.js'

export interface ContactActivityRoutesDeps {
  activity: ContactActivity
}

const phoneParams = z.object({ phone: z.string().min(1).max(40).describe('E.164, URL-encoded: %2B4915112345678') })

const contactEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    occurred_at: z.string(),
    received_at: z.string(),
    decisions: z.array(
      z.object({
        rule_id: z.string(),
        outcome: z.enum(['queued', 'scheduled', 'suppressed', 'cancelled', 'error']),
        reason: z.string().nullable().describe('Why, e.g. quiet_hours_expired, frequency_cap, opted_out'),
        detail: z.record(z.string(), z.unknown()).nullable(),
        message: z.object({ id: z.string(), preview: z.string(), status: z.string() }).nullable().describe('The message the decision made: what it says and where it is now'),
        decided_at: z.string(),
      }),
    ),
  })
  .meta({ id: 'ContactEvent' })

function eventJson(e: ContactEvent): z.output<typeof contactEventSchema> {
  return {
    id: e.id,
    type: e.type,
    occurred_at: instantJson(e.occurredAt),
    received_at: instantJson(e.receivedAt),
    decisions: e.decisions.map((d) => ({ rule_id: d.ruleId, outcome: d.outcome, reason: d.reason, detail: d.detail, message: d.message, decided_at: instantJson(d.decidedAt) })),
  }
}

/** The inbox's contact panel: the subjects a contact is linked to and the events that concerned it. */
export const contactActivityRoutes: FastifyPluginAsyncZod<ContactActivityRoutesDeps> = async (app, { activity }) => {
  app.get(
    '/v1/contacts/:phone/events',
    {
      schema: {
        summary: "A contact's recent business events and what the rules decided for it",
        description: 'Events posted for the contact, about a subject it is linked to, or with a decision about it, newest first, each with the decisions about this contact (and those that name no contact): the message sent and its status, or why nothing was sent.',
        tags: ['contacts'],
        params: phoneParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: { 200: z.object({ data: z.array(contactEventSchema) }), 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const phone = requirePhone(request.params.phone)
      const events = await activity.events(phone, request.query.limit)
      if (!events) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { data: events.map(eventJson) }
    },
  )

  app.get(
    '/v1/contacts/:phone/subjects',
    {
      schema: {
        summary: 'The subjects (students, accounts) a contact is linked to, with its role',
        description: 'Links are made by business events that name a subject and its contacts.',
        tags: ['contacts'],
        params: phoneParams,
        response: {
          200: z.object({ data: z.array(z.object({ external_id: z.string(), role: z.string(), linked_at: z.string() })) }),
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const phone = requirePhone(request.params.phone)
      const subjects = await activity.subjects(phone)
      if (!subjects) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { data: subjects.map((s) => ({ external_id: s.externalId, role: s.role, linked_at: instantJson(s.linkedAt) })) }
    },
  )
}
