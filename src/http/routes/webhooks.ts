import type { FastifyPluginAsync } from 'fastify'
import type { WebhookInbox } from '../../core/messages/ports.js'
import type { Clock } from '../../core/ports.js'
import type { WebhookReceiver } from '../../core/providers/provider.js'
import { errorBody } from '../errors.js'

export interface WebhookRoutesDeps {
  /** Provider name (the URL segment, e.g. `meta`) → its receiver. */
  receivers: ReadonlyMap<string, WebhookReceiver>
  inbox: WebhookInbox
  clock: Clock
  observe(provider: string, outcome: 'accepted' | 'bad_signature' | 'malformed' | 'handshake_ok' | 'handshake_refused'): void
}

/**
 * Provider webhooks: verify the signature over the raw bytes, store the raw body, answer 200 and
 * only then process. Raw bytes are kept as they came: re-serialised JSON would not verify.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesDeps> = async (app, deps) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body))

  app.get<{ Params: { provider: string }; Querystring: Record<string, string | undefined> }>(
    '/webhooks/:provider',
    { schema: { hide: true } },
    async (request, reply) => {
      const receiver = deps.receivers.get(request.params.provider)
      if (!receiver?.handshake) return reply.status(404).send(errorBody('not_found', `No webhook handshake for provider "${request.params.provider}".`))
      const result = receiver.handshake(request.query)
      deps.observe(request.params.provider, result.ok ? 'handshake_ok' : 'handshake_refused')
      if (!result.ok) return reply.status(403).send(errorBody('webhook_verification_failed', 'Verification token mismatch or wrong hub.mode.'))
      return reply.type('text/plain').send(result.body)
    },
  )

  app.post<{ Params: { provider: string }; Body: Buffer | undefined }>('/webhooks/:provider', { schema: { hide: true } }, async (request, reply) => {
    const provider = request.params.provider
    const receiver = deps.receivers.get(provider)
    if (!receiver) return reply.status(404).send(errorBody('not_found', `No webhook endpoint for provider "${provider}".`))
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const verification = receiver.verify({ rawBody, headers: request.headers, url: `${request.protocol}://${request.host}${request.url}` })
    if (!verification.ok) {
      deps.observe(provider, 'bad_signature')
      return reply.status(401).send(errorBody('webhook_signature_invalid', `Webhook signature check failed (${verification.reason}).`))
    }
    const parsed = receiver.parse(rawBody)
    if (!parsed.ok) {
      deps.observe(provider, 'malformed')
      return reply.status(400).send(errorBody('webhook_malformed', `Webhook body not understood: ${parsed.reason}`))
    }
    await deps.inbox.add(provider, rawBody, deps.clock.now())
    deps.observe(provider, 'accepted')
    return reply.status(200).send({ ok: true })
  })
}
