/**
 * The typical stack's API and webhook receiver (one process): Fastify 5, node-postgres (a pool of
 * 10), BullMQ on Redis. Written from issue 13's description, not from Parley: a batch is one
 * multi-row INSERT and one `addBulk`; status webhooks are verified over the raw bytes (HMAC-SHA256,
 * constant time) and applied row by row behind a monotonic guard.
 *
 * Environment: PEER_DATABASE_URL, PEER_SCHEMA, PEER_QUEUE, PEER_REDIS_URL, PEER_APP_SECRET.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { Queue } from 'bullmq'
import Fastify from 'fastify'
import { serveRpc } from '../processes.js'
import { sampleRss } from '../rss.js'
import { redisConnection } from './redis.js'
import { peerPool, STATUS_RANK } from './schema.js'
import { usageSince, type UsageWindow } from './usage.js'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

const pool = peerPool(env('PEER_DATABASE_URL'), env('PEER_SCHEMA'))
const queue = new Queue(env('PEER_QUEUE'), { connection: redisConnection(env('PEER_REDIS_URL')) })
const appSecret = env('PEER_APP_SECRET')

const app = Fastify({ bodyLimit: 8 * 1024 * 1024 })

// Webhooks need their raw bytes for the signature; everything else is parsed as usual.
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
  if (request.url.startsWith('/webhooks/')) return done(null, body)
  try {
    done(null, JSON.parse(body.toString('utf8')))
  } catch (error) {
    done(error as Error, undefined)
  }
})

interface BatchItem {
  to: string
  from: string
  template: { name: string; language: string }
}

const batchSchema = {
  type: 'object',
  required: ['messages'],
  properties: {
    messages: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['to', 'from', 'template'],
        properties: {
          to: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' },
          from: { type: 'string', minLength: 1 },
          template: { type: 'object', required: ['name', 'language'], properties: { name: { type: 'string' }, language: { type: 'string' } } },
        },
      },
    },
  },
} as const

app.post<{ Body: { messages: BatchItem[] } }>('/v1/messages/batch', { schema: { body: batchSchema } }, async (request, reply) => {
  const now = Date.now()
  const items = request.body.messages.map((m) => ({ id: randomUUID(), ...m }))
  const values: unknown[] = []
  const rows = items.map((m, i) => {
    values.push(m.id, m.from, m.to, JSON.stringify({ template: m.template }), now)
    const k = i * 5
    return `($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, 'queued', $${k + 5})`
  })
  await pool.query(`insert into peer_messages (id, sender, recipient, body, status, created_at) values ${rows.join(', ')}`, values)
  await queue.addBulk(
    items.map((m) => ({
      name: 'send',
      data: { id: m.id, from: m.from, to: m.to, template: m.template },
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: 10_000 },
    })),
  )
  return reply.status(202).send({ accepted: items.length, rejected: 0, results: items.map((m, index) => ({ index, id: m.id, status: 'queued' })) })
})

const COLUMN: Readonly<Record<string, string>> = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at' }

interface StatusObject {
  id: string
  status: string
  biz_opaque_callback_data?: string
  errors?: Array<{ code: number; title: string }>
}

app.post('/webhooks/meta', async (request, reply) => {
  const raw = request.body as Buffer
  const given = String(request.headers['x-hub-signature-256'] ?? '')
  const expected = `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return reply.status(401).send()
  const payload = JSON.parse(raw.toString('utf8')) as { entry?: Array<{ changes?: Array<{ value?: { statuses?: StatusObject[] } }> }> }
  const now = Date.now()
  for (const entry of payload.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const s of change.value?.statuses ?? []) {
        const rank = STATUS_RANK[s.status]
        if (rank === undefined) continue
        const id = s.biz_opaque_callback_data
        const where = id ? 'id = $1' : 'provider_message_id = $1'
        const column = COLUMN[s.status]
        const set = column ? `, ${column} = $3` : s.status === 'failed' ? ', error = $3' : ''
        const third = column ? [now] : s.status === 'failed' ? [s.errors?.[0]?.title ?? 'failed'] : []
        await pool.query(
          `update peer_messages set status = $2${set}
            where ${where} and (case status when 'queued' then 0 when 'accepted' then 1 when 'sent' then 2 when 'delivered' then 3 when 'read' then 4 else 5 end) < ${rank}`,
          [id ?? s.id, s.status, ...third],
        )
      }
    }
  }
  return reply.status(200).send()
})

const rss = sampleRss()
let window: UsageWindow = usageSince(rss)
serveRpc({
  reset() {
    window = usageSince(rss)
    return {}
  },
  usage: () => window.read(),
  async close() {
    await app.close()
    await queue.close()
    await pool.end()
    rss.stop()
    return {}
  },
})

const url = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`peer api listening at ${url}\n`)
