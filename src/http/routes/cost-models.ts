import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { feeModelInUseValue, type FeeModelInUse } from '../../core/costs/fee-models-in-use.js'
import { errorSchema } from '../schemas.js'

const modelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    example: z.boolean().describe('A shipped example modelled on a public price page: check the provider\'s page before relying on it.'),
    source: z.string().describe('Where its prices come from.'),
    retrieved: z.string().describe('The day its source was read (YYYY-MM-DD).'),
    note: z.string().nullable(),
    file: z.string().nullable().describe('The file it was read from (PARLEY_FEE_MODELS_DIR or parley.yaml `feeModels:`); null for Parley\'s own.'),
    default: z.boolean().describe('Whether it is PARLEY_PROVIDER_FEE_MODEL\'s, the model of every account that names none.'),
    accounts: z.array(z.string()).describe('The accounts whose messages it prices.'),
  })
  .meta({ id: 'FeeModelInUse' })

/** The provider fee models Parley knows (read at start) and which account each prices. */
export const costModelRoutes: FastifyPluginAsyncZod<{ feeModels: readonly FeeModelInUse[] }> = async (app, deps) => {
  app.get(
    '/v1/costs/models',
    {
      schema: {
        summary: 'The provider fee models and the accounts each prices',
        description:
          'Parley\'s own (`direct`, the shipped examples) and the user\'s files, in that order. An account in parley.yaml that names a `feeModel` is priced with it; the others with the default (PARLEY_PROVIDER_FEE_MODEL).',
        tags: ['costs'],
        response: { 200: z.object({ default: z.string(), models: z.array(modelSchema) }), 401: errorSchema },
      },
    },
    async () => {
      const models = deps.feeModels.map(feeModelInUseValue)
      return { default: models.find((m) => m.default)!.id, models }
    },
  )
}
