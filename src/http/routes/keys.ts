import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { keyView } from '../../core/keys/key-view.js'
import { newApiKeySchema, SCOPES } from '../../core/keys/model.js'
import type { ApiKeyStore } from '../../core/keys/ports.js'
import type { Clock } from '../../core/ports.js'
import { errorSchema } from '../schemas.js'

const keySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    source: z.enum(['env', 'generated', 'created']).describe('`env`: PARLEY_API_KEY; `generated`: printed at first start; `created`: through the API or CLI'),
    rate_limit: z.object({ per_second: z.number(), burst: z.number().int() }).nullable().describe("null: the deployment's default (PARLEY_API_KEY_RATE_PER_SECOND / _BURST)"),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' })

/** API keys: create (the secret is in that answer only), list, revoke. */
export const keyRoutes: FastifyPluginAsyncZod<{ keys: ApiKeyStore; clock: Clock }> = async (app, { keys, clock }) => {
  app.post(
    '/v1/keys',
    {
      schema: {
        summary: 'Create an API key',
        description: 'The answer holds the key (`secret`), shown this once: only a salted hash of it is stored.',
        tags: ['keys'],
        body: newApiKeySchema,
        response: { 201: keySchema.extend({ secret: z.string().describe('Send as `Authorization: Bearer <secret>`') }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const { name, scopes, rate_limit: limit } = request.body
      const created = await keys.create({ name, scopes, source: 'created', rateLimit: limit ? { perSecond: limit.per_second, burst: limit.burst } : null }, clock.now())
      return reply.status(201).send({ ...keyView(created.key), secret: created.secret })
    },
  )

  app.get(
    '/v1/keys',
    {
      schema: {
        summary: 'List API keys',
        tags: ['keys'],
        querystring: z.object({ revoked: z.enum(['true', 'false']).default('false').describe('true: also the revoked keys') }),
        response: { 200: z.object({ data: z.array(keySchema) }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => ({ data: (await keys.list({ includeRevoked: request.query.revoked === 'true' })).map(keyView) }),
  )

  app.delete(
    '/v1/keys/:id',
    {
      schema: {
        summary: 'Revoke an API key',
        description: 'Requests with the key are refused from now on. A revoked key is never accepted again: revoking the key PARLEY_API_KEY names stops the next start until the variable names a new one.',
        tags: ['keys'],
        params: z.object({ id: z.string().max(64) }),
        response: { 204: z.null(), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await keys.revoke(request.params.id, clock.now()))) throw new ParleyError('not_found', `No active key ${request.params.id}.`)
      return reply.status(204).send(null)
    },
  )
}
