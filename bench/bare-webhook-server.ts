/**
 * The webhook intake's baseline: the least a receiver can do with a signed Meta webhook — a bare
 * Fastify route that takes the raw bytes, checks `X-Hub-Signature-256` (HMAC-SHA256 with the app
 * secret, compared in constant time) and answers 200. No parsing, no storing. Its own process, like
 * Parley's; same client, bodies and concurrency (bench/webhook-intake.ts): "Parley ÷ this" is the
 * price of everything Parley does before its 200 (parse, store the receipt, commit).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import Fastify from 'fastify'

const secret = process.env.BENCH_APP_SECRET
if (!secret) throw new Error('BENCH_APP_SECRET is required')
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i

const app = Fastify({ logger: false })
// Parley's webhook parser (src/http/routes/webhooks.ts): every content type as a Buffer, as it came.
app.removeAllContentTypeParsers()
app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body))
app.post<{ Body: Buffer }>('/webhooks/meta', async (request, reply) => {
  const header = request.headers['x-hub-signature-256']
  const given = typeof header === 'string' ? SIGNATURE.exec(header.trim())?.[1] : undefined
  const expected = createHmac('sha256', secret).update(request.body).digest()
  if (given === undefined || !timingSafeEqual(Buffer.from(given, 'hex'), expected)) return reply.status(401).send({ error: 'bad signature' })
  return reply.status(200).send({ ok: true })
})
const url = await app.listen({ host: '127.0.0.1', port: 0 })

const stop = () => void app.close().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)

process.stdout.write(`bare listening at ${url}\n`)
