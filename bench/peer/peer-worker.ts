/**
 * The typical stack's worker (its own process): a BullMQ Worker at concurrency 50 calling the
 * provider's Cloud API with keep-alive `fetch` (Node's undici pool), then recording the provider's
 * id on the row. A 429 or 5xx throws, for BullMQ's retry with exponential backoff (3 attempts);
 * another refusal ends the message `failed`.
 *
 * Environment: PEER_DATABASE_URL, PEER_SCHEMA, PEER_QUEUE, PEER_REDIS_URL, PEER_PROVIDER_URL,
 * PEER_ACCESS_TOKEN, PEER_SENDERS (JSON: [{ id, numberId }]).
 */
import { Worker, type Job } from 'bullmq'
import { serveRpc } from '../processes.js'
import { sampleRss } from '../rss.js'
import { redisConnection } from './redis.js'
import { peerPool } from './schema.js'
import { usageSince, type UsageWindow } from './usage.js'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

const pool = peerPool(env('PEER_DATABASE_URL'), env('PEER_SCHEMA'))
const providerUrl = env('PEER_PROVIDER_URL')
const token = env('PEER_ACCESS_TOKEN')
const numberIds = new Map((JSON.parse(env('PEER_SENDERS')) as Array<{ id: string; numberId: string }>).map((s) => [s.id, s.numberId]))

interface SendJob {
  id: string
  from: string
  to: string
  template: { name: string; language: string }
}

async function send(job: Job<SendJob>): Promise<void> {
  const { id, from, to, template } = job.data
  const response = await fetch(`${providerUrl}/v23.0/${numberIds.get(from)}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', to: to.slice(1), type: 'template', template: { name: template.name, language: { code: template.language } }, biz_opaque_callback_data: id }),
  })
  const text = await response.text()
  if (response.status === 429 || response.status >= 500) throw new Error(`provider ${response.status}: ${text.slice(0, 200)}`)
  if (!response.ok) {
    await pool.query(`update peer_messages set status = 'failed', error = $2, attempts = attempts + 1 where id = $1`, [id, text.slice(0, 500)])
    return
  }
  const wamid = (JSON.parse(text) as { messages: Array<{ id: string }> }).messages[0]!.id
  // A webhook may have moved it on already: the status only moves forward.
  await pool.query(
    `update peer_messages set provider_message_id = $2, accepted_at = $3, accepts = accepts + 1, attempts = attempts + 1,
       status = case when status = 'queued' then 'accepted' else status end where id = $1`,
    [id, wamid, Date.now()],
  )
}

const worker = new Worker<SendJob>(env('PEER_QUEUE'), send, { connection: redisConnection(env('PEER_REDIS_URL')), concurrency: 50 })
await worker.waitUntilReady()

const rss = sampleRss()
let window: UsageWindow = usageSince(rss)
serveRpc({
  reset() {
    window = usageSince(rss)
    return {}
  },
  usage: () => window.read(),
  async close() {
    await worker.close()
    await pool.end()
    rss.stop()
    return {}
  },
})
process.stdout.write('peer worker ready\n')
