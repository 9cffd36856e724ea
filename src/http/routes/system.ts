import type { FastifyPluginAsync } from 'fastify'
import type { Registry } from 'prom-client'

export interface SystemRoutesDeps {
  registry: Registry
  /** Throws when the database is unreachable. */
  checkDatabase(): Promise<void>
}

export const systemRoutes: FastifyPluginAsync<SystemRoutesDeps> = async (app, deps) => {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.checkDatabase()
      return { status: 'ok' }
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: { code: 'unavailable', message: 'The database is not reachable.' } })
    }
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics())
  })
}
