import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AuditLog } from '../../core/operators/ports.js'
import { toIso } from '../../core/shared/time.js'
import { errorSchema } from '../schemas.js'

const entrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ kind: z.enum(['operator', 'key']), id: z.string() }),
    action: z.string().describe('e.g. `session.login`, `session.logout`, `session.logout_everywhere`, `message.sent`'),
    target: z.object({ kind: z.string(), id: z.string() }).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' })

/** The audit log: who logged in and out, and who sent what. */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get(
    '/v1/audit',
    {
      schema: {
        summary: 'The audit log, newest first',
        description: 'Pass `next_cursor` back as `cursor` for the next (older) page.',
        tags: ['audit'],
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().regex(/^[1-9]\d{0,15}$/, 'pass back a next_cursor unchanged').optional(),
          actor: z.string().max(64).optional().describe('Only entries of this operator (`op_…`) or key (`key_…`)'),
          action: z.string().max(64).optional().describe('Only entries of this action'),
        }),
        response: { 200: z.object({ data: z.array(entrySchema), next_cursor: z.string().nullable() }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const { limit, cursor, actor, action } = request.query
      const entries = await audit.list({ limit, ...(cursor ? { before: Number(cursor) } : {}), ...(actor ? { actorId: actor } : {}), ...(action ? { action } : {}) })
      const last = entries.at(-1)
      return {
        data: entries.map((e) => ({ ...e, at: toIso(e.at) })),
        next_cursor: entries.length === limit && last ? String(last.id) : null,
      }
    },
  )
}
