import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { MessageQueries } from '../../core/messages/ports.js'
import { costSchema, errorSchema, pageQueryFields } from '../schemas.js'
import { costJson, instantJson } from '../views.js'

const discrepancyPageSchema = z
  .object({
    total: z.number().int().describe('How many messages have a final cost different from their estimate.'),
    data: z.array(z.object({ message_id: z.string(), created_at: z.string(), estimated: costSchema, final: costSchema })),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'CostDiscrepancies' })

/** The messages whose final cost (the platform's pricing) differs from the estimate Parley made at accept. */
export const costDiscrepancyRoutes: FastifyPluginAsyncZod<{ messages: Pick<MessageQueries, 'costDiscrepancies'> }> = async (app, deps) => {
  app.get(
    '/v1/costs/discrepancies',
    {
      schema: {
        summary: 'Messages whose final cost differs from the estimate, newest first',
        description: 'A reclassified template (approved as UTILITY, billed as MARKETING) shows here. Pass `next_cursor` back as `cursor` for the next page.',
        tags: ['costs'],
        querystring: z.object(pageQueryFields),
        response: { 200: discrepancyPageSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const page = await deps.messages.costDiscrepancies(request.query.limit, request.query.cursor ?? null)
      return {
        total: page.total,
        data: page.items.map((d) => ({ message_id: d.messageId, created_at: instantJson(d.createdAt), estimated: costJson(d.estimated)!, final: costJson(d.final)! })),
        next_cursor: page.nextCursor,
      }
    },
  )
}
