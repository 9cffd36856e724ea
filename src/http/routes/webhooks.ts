import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { WebhookInbox } from '../../core/messages/ports.js'
import type { Clock } from '../../core/ports.js'
import type { WebhookReceiver } from '../../core/providers/provider.js'
import { errorBody } from '../errors.js'

export interface WebhookRoutesDeps {
  /**
   * Receivers by the key their receipts are stored under: `<provider>/<account>` (the URL
   * `/webhooks/<provider>/<account>`), and `<provider>` alone for the first account of a provider
   * (`/webhooks/meta`, the address a one-number setup has always used).
   */
  receivers: ReadonlyMap<string, WebhookReceiver>
  inbox: WebhookInbox
  clock: Clock
  /** PARLEY_PUBLIC_URL: the origin providers post to, when Parley sits behind a proxy; else the request's own. */
  publicUrl: string | null
  observe(provider: string, outcome: 'accepted' | 'bad_signature' | 'malformed' | 'handshake_ok' | 'handshake_refused'): void
}

type WebhookParams = { provider: string; account?: string }

/**
 * Provider webhooks: verify the signature over the raw bytes, store the raw body, answer 200 and
 * only then process. Raw bytes are kept as they came: re-serialised JSON would not verify. What the
 * URL or the moment of receipt adds (Twilio: our message id in the query, the time) the receiver
 * keeps beside them (`receiptBody`), since a stored receipt is bytes alone.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesDeps> = async (app, deps) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body))
  const keyOf = (params: WebhookParams) => (params.account === undefined ? params.provider : `${params.provider}/${params.account}`)
  const origin = deps.publicUrl?.replace(/\/+$/, '')

  const handshake = async (request: FastifyRequest<{ Params: WebhookParams; Querystring: Record<string, string | undefined> }>, reply: FastifyReply) => {
    const key = keyOf(request.params)
    const receiver = deps.receivers.get(key)
    if (!receiver?.handshake) return reply.status(404).send(errorBody('not_found', `No webhook handshake at /webhooks/${key}.`))
    const result = receiver.handshake(request.query)
    deps.observe(request.params.provider, result.ok ? 'handshake_ok' : 'handshake_refused')
    if (!result.ok) return reply.status(403).send(errorBody('webhook_verification_failed', 'Verification token mismatch or wrong hub.mode.'))
    return reply.type('text/plain').send(result.body)
  }

  const receive = async (request: FastifyRequest<{ Params: WebhookParams; Body: Buffer | undefined }>, reply: FastifyReply) => {
    const { provider } = request.params
    const key = keyOf(request.params)
    const receiver = deps.receivers.get(key)
    if (!receiver) return reply.status(404).send(errorBody('not_found', `No webhook endpoint at /webhooks/${key}.`))
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const url = `${origin ?? `${request.protocol}://${request.host}`}${request.url}`
    const verification = receiver.verify({ rawBody, headers: request.headers, url })
    if (!verification.ok) {
      deps.observe(provider, 'bad_signature')
      return reply.status(401).send(errorBody('webhook_signature_invalid', `Webhook signature check failed (${verification.reason}).`))
    }
    const now = deps.clock.now()
    const kept = receiver.receiptBody?.({ rawBody, headers: request.headers, url }, now) ?? rawBody
    const parsed = receiver.parse(kept)
    if (!parsed.ok) {
      deps.observe(provider, 'malformed')
      return reply.status(400).send(errorBody('webhook_malformed', `Webhook body not understood: ${parsed.reason}`))
    }
    await deps.inbox.add(key, kept, now)
    deps.observe(provider, 'accepted')
    const ack = receiver.acknowledgement
    return ack ? reply.status(200).type(ack.contentType).send(ack.body) : reply.status(200).send({ ok: true })
  }

  for (const path of ['/webhooks/:provider', '/webhooks/:provider/:account']) {
    app.get(path, { schema: { hide: true } }, handshake)
    app.post(path, { schema: { hide: true } }, receive)
  }
}
