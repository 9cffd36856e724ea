import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { OUTGOING_TOPICS, type OutgoingWebhookStore } from '../../core/outgoing/ports.js'
import type { Clock, Ids } from '../../core/ports.js'
import { toIso } from '../../core/shared/time.js'
import { errorSchema } from '../schemas.js'

const subscriptionJson = z.object({ id: z.string(), url: z.string(), topics: z.array(z.string()), created_at: z.string() })

const deliverySchema = z
  .object({
    id: z.number().int(),
    topic: z.enum(OUTGOING_TOPICS),
    payload: z.unknown().describe('The JSON body that was (or will be) posted'),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    next_attempt_at: z.string(),
    last_status: z.number().int().nullable().describe("The subscriber's last HTTP status"),
    last_error: z.string().nullable().describe('Why the last attempt failed, in a fixed phrase (`HTTP 503`, `connection failed`, `refused: private address`), never what the far side said'),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' })

/** Subscriptions of the business's systems to Parley's events, and their delivery log. */
export const outgoingWebhookRoutes: FastifyPluginAsyncZod<{ store: OutgoingWebhookStore; clock: Clock; ids: Ids; notify(): void; subscriptionsChanged(): void }> = async (app, deps) => {
  app.post(
    '/v1/webhooks',
    {
      schema: {
        summary: 'Subscribe a URL to events',
        description:
          'Deliveries are JSON POSTs signed with `X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, retried with backoff until a 2xx; redirects are not followed. The secret is shown only in this answer. A URL whose host is a loopback, private, link-local, carrier-grade NAT, unique-local, multicast or cloud metadata address is refused (`webhook_url_forbidden`); a host name is checked again on the address it resolves to each time a delivery connects (a refused delivery is logged as `refused: private address` and not retried). `PARLEY_OUTGOING_ALLOW_PRIVATE=true` allows private and loopback targets, for development.',
        tags: ['webhooks'],
        body: z
          .object({
            url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be http(s)'),
            topics: z.array(z.enum(OUTGOING_TOPICS)).min(1),
            secret: z.string().min(16).max(256).optional(),
          })
          .strict(),
        response: { 201: subscriptionJson.extend({ secret: z.string() }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const secret = request.body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`
      const subscription = { id: deps.ids.next('whs'), url: request.body.url, topics: request.body.topics, createdAt: deps.clock.now(), secret }
      await deps.store.subscribe(subscription)
      deps.subscriptionsChanged()
      return reply.status(201).send({ id: subscription.id, url: subscription.url, topics: subscription.topics, created_at: toIso(subscription.createdAt), secret })
    },
  )

  app.get(
    '/v1/webhooks',
    { schema: { summary: 'List subscriptions', tags: ['webhooks'], response: { 200: z.object({ data: z.array(subscriptionJson) }), 401: errorSchema } } },
    async () => ({ data: (await deps.store.subscriptions()).map((s) => ({ id: s.id, url: s.url, topics: s.topics, created_at: toIso(s.createdAt) })) }),
  )

  app.delete(
    '/v1/webhooks/:id',
    { schema: { summary: 'Unsubscribe', tags: ['webhooks'], params: z.object({ id: z.string().max(64) }), response: { 204: z.null(), 401: errorSchema, 404: errorSchema } } },
    async (request, reply) => {
      if (!(await deps.store.unsubscribe(request.params.id, deps.clock.now()))) throw new ParleyError('not_found', `No subscription ${request.params.id}.`)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        summary: 'The delivery log of a subscription, newest first',
        tags: ['webhooks'],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ data: z.array(deliverySchema) }), 401: errorSchema },
      },
    },
    async (request) => {
      const rows = await deps.store.deliveries(request.params.id, request.query.limit)
      return {
        data: rows.map((d) => ({
          id: d.id,
          topic: d.topic,
          payload: d.payload,
          state: d.state,
          attempts: d.attempts,
          next_attempt_at: toIso(d.nextAttemptAt),
          last_status: d.lastStatus,
          last_error: d.lastError,
          created_at: toIso(d.createdAt),
          delivered_at: d.deliveredAt === null ? null : toIso(d.deliveredAt),
        })),
      }
    },
  )

  app.post(
    '/v1/webhooks/deliveries/:id/replay',
    {
      schema: {
        summary: 'Deliver again',
        tags: ['webhooks'],
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 202: z.object({ id: z.number(), state: z.literal('pending') }), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await deps.store.replay(request.params.id, deps.clock.now()))) throw new ParleyError('not_found', `No delivery ${request.params.id}.`)
      deps.notify()
      return reply.status(202).send({ id: request.params.id, state: 'pending' as const })
    },
  )
}
