import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES } from '../../core/operators/model.js'
import type { OperatorStore } from '../../core/operators/ports.js'
import { scopesOf } from '../auth.js'
import { errorSchema } from '../schemas.js'

export interface OperatorRoutesDeps {
  operators: Pick<OperatorStore, 'list'>
}

const listedOperatorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    email: z.string().optional().describe('Only for an admin: the inbox shows names, and addresses are personal data'),
  })
  .meta({ id: 'ListedOperator' })

/** The active operators, so that the inbox can show an assignee by name. */
export const operatorRoutes: FastifyPluginAsyncZod<OperatorRoutesDeps> = async (app, deps) => {
  app.get(
    '/v1/operators',
    {
      schema: {
        summary: 'The active operators',
        description: 'Every operator not disabled, oldest first: id, name and role (and e-mail address, for an admin).',
        tags: ['session'],
        response: { 200: z.object({ data: z.array(listedOperatorSchema) }), 401: errorSchema },
      },
    },
    async (request) => {
      const admin = request.actor !== undefined && scopesOf(request.actor).includes('admin')
      const active = (await deps.operators.list()).filter((operator) => operator.disabledAt === null)
      return { data: active.map(({ id, name, role, email }) => ({ id, name, role, ...(admin ? { email } : {}) })) }
    },
  )
}
