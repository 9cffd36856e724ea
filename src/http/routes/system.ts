import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify'
import type { Registry } from 'prom-client'
import { errorBody } from '../errors.js'

export interface SystemRoutesDeps {
  registry: Registry
  /** Throws when the database is unreachable. */
  checkDatabase(): Promise<void>
  /** What a /metrics request must pass first (an admin key, with PARLEY_METRICS_REQUIRE_KEY=true). */
  metricsGuard: onRequestHookHandler[]
}

export const systemRoutes: FastifyPluginAsync<SystemRoutesDeps> = async (app, deps) => {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.checkDatabase()
      return { status: 'ok' }
    } catch {
      return reply.status(503).send({ status: 'unavailable', ...errorBody('unavailable', 'The database is not reachable.') })
    }
  })
  app.get('/metrics', { schema: { hide: true }, onRequest: deps.metricsGuard }, async (_request, reply) => {
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics())
  })
}
