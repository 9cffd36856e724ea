import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requirePhone } from '../require-phone.js'
import { ParleyError } from '../../core/errors.js'
import type { MessageQueries } from '../../core/messages/ports.js'
import type { Contacts } from '../../core/contacts/ports.js'
import type { ContactInput } from '../../core/contacts/model.js'
import { handleEvent, type EventInput, type EventResult, type HandleEventDeps } from '../../core/notifications/handle-event.js'
import type { DecisionRecord, EventLog, Feedback } from '../../core/notifications/ports.js'
import { decisionJson, eventAnswerSchema, eventBatchItemSchema, eventDetailJson, eventDetailSchema } from '../event-views.js'
import type { RuleEvent } from '../../core/rules/model.js'
import { hashJson } from '../canonical-json.js'
import { detailsObject } from '../errors.js'
import { errorSchema, languageCodeSchema, phoneNumberSchema, timeZoneSchema } from '../schemas.js'
import { boundedJsonObject, JSON_MAX_DEPTH } from '../json-limits.js'

/** An event's `data`: what rules read, kept with the event. */
const EVENT_DATA_MAX_BYTES = 64 * 1024

// Every field is checked here, so a bad phone, language or zone refuses the whole request before
// any contact or event is stored (and the event id stays free for the corrected body).
const contactSchema = z
  .object({
    phone: phoneNumberSchema,
    name: z.string().min(1).max(200).optional(),
    language: languageCodeSchema.optional(),
    timezone: timeZoneSchema.optional(),
    external_id: z.string().min(1).max(200).optional(),
    on_whatsapp: z.boolean().optional().describe("false: the number has no WhatsApp (rules go by their SMS fallback); true: it has, whatever a failed send said."),
  })
  .strict()

export const eventSchema = z
  .object({
    id: z.string().min(1).max(200).describe('Your id for the event: the same id is acted on once.'),
    type: z.string().max(128).regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'dot-separated lowercase words, e.g. lesson.scheduled'),
    occurred_at: z.iso.datetime({ offset: true }),
    contact: contactSchema.optional().describe('The person the event is about or for.'),
    subject: z
      .object({
        external_id: z.string().min(1).max(200).describe('The student (or account) the event is about.'),
        contacts: z
          .array(contactSchema.extend({ role: z.enum(['guardian', 'billing']) }))
          .max(20)
          .default([])
          .describe('People linked to the subject (added to the links already known).'),
      })
      .strict()
      .optional(),
    data: boundedJsonObject(EVENT_DATA_MAX_BYTES).default({}).describe(`What rules read: up to 64 KB as JSON, nested at most ${JSON_MAX_DEPTH} levels.`),
  })
  .strict()
  .meta({ id: 'Event' })

type EventBody = z.output<typeof eventSchema>

function toContact(c: z.output<typeof contactSchema>, path: string): ContactInput {
  return {
    phone: requirePhone(c.phone, `${path}.phone`),
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.language !== undefined ? { language: c.language } : {}),
    ...(c.timezone !== undefined ? { timezone: c.timezone } : {}),
    ...(c.external_id !== undefined ? { externalId: c.external_id } : {}),
    ...(c.on_whatsapp !== undefined ? { onWhatsApp: c.on_whatsapp } : {}),
  }
}

/** The API's event → the core's input (phones normalised; the raw event is what rules read). */
export function toEventInput(body: EventBody): EventInput {
  return {
    raw: body as unknown as RuleEvent,
    occurredAt: Date.parse(body.occurred_at),
    requestHash: hashJson(body),
    contact: body.contact ? toContact(body.contact, 'contact') : null,
    subject: body.subject
      ? { externalId: body.subject.external_id, contacts: body.subject.contacts.map((c, i) => ({ ...toContact(c, `subject.contacts.${i}`), role: c.role })) }
      : null,
  }
}

export interface EventRoutesDeps {
  handle: HandleEventDeps
  eventLog: EventLog
  feedback: Feedback
  contacts: Contacts
  messages: MessageQueries
}

/** Business events in, decisions out. */
export const eventRoutes: FastifyPluginAsyncZod<EventRoutesDeps> = async (app, deps) => {
  async function phonesOf(decisions: DecisionRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(decisions.flatMap((d) => (d.contactId ? [d.contactId] : [])))]
    const states = await deps.contacts.byIds(ids)
    return new Map([...states].map(([id, s]) => [id, s.phone as string]))
  }

  async function answer(result: EventResult, id: string) {
    if (result.kind === 'conflict') throw new ParleyError('idempotency_conflict', `Event ${id} was already received with a different body.`, { id })
    const phones = await phonesOf(result.decisions)
    return { id, status: result.kind, decisions: result.decisions.map(decisionJson(phones)) }
  }

  app.post(
    '/v1/events',
    {
      schema: {
        summary: 'Post a business event',
        description: 'Rules decide what to send, to whom and when; the answer lists every decision: queued, scheduled, suppressed (with the reason) or cancelled. The same event id is acted on once.',
        tags: ['events'],
        body: eventSchema,
        response: { 200: eventAnswerSchema, 202: eventAnswerSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const result = await handleEvent(deps.handle, toEventInput(request.body))
      const body = await answer(result, request.body.id)
      return reply.status(result.kind === 'duplicate' ? 200 : 202).send(body)
    },
  )

  app.post(
    '/v1/events/batch',
    {
      schema: {
        summary: 'Post up to 100 events',
        tags: ['events'],
        body: z.object({ events: z.array(eventSchema).min(1).max(100) }).strict(),
        response: { 202: z.object({ results: z.array(eventBatchItemSchema) }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const results: Array<z.input<typeof eventBatchItemSchema>> = []
      for (const body of request.body.events) {
        try {
          results.push(await answer(await handleEvent(deps.handle, toEventInput(body)), body.id))
        } catch (error) {
          if (!(error instanceof ParleyError)) throw error
          results.push({ id: body.id, status: 'error', error: { code: error.code, message: error.message, details: detailsObject(error.details) } })
        }
      }
      return reply.status(202).send({ results })
    },
  )

  app.get(
    '/v1/events/:id',
    {
      schema: {
        summary: 'An event, its decisions and what became of them, and the replies it collected',
        tags: ['events'],
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: eventDetailSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const event = await deps.eventLog.getEvent(request.params.id)
      if (!event) throw new ParleyError('not_found', `No event ${request.params.id}.`)
      const decisions = await deps.eventLog.decisions(event.id)
      const phones = await phonesOf(decisions)
      const statuses = await deps.messages.statuses(decisions.flatMap((d) => (d.messageId ? [d.messageId] : [])))
      const feedback = await deps.feedback.feedbackForEvent(event.id)
      return eventDetailJson(event, decisions, { phones, statuses }, feedback)
    },
  )

  app.get(
    '/v1/feedback',
    {
      schema: {
        summary: 'Replies collected per rule and value',
        tags: ['events'],
        response: { 200: z.object({ data: z.array(z.object({ rule_id: z.string(), value: z.string(), count: z.number().int() })) }), 401: errorSchema },
      },
    },
    async () => ({ data: (await deps.feedback.feedbackCounts()).map((f) => ({ rule_id: f.ruleId, value: f.value, count: f.count })) }),
  )
}
