import { spawnSync } from 'node:child_process'
import { Redis } from 'ioredis'
import { sleep } from '../stats.js'

export const PEER_REDIS_URL = process.env.PARLEY_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

async function answers(url: string): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return (await client.ping()) === 'PONG' ? null : 'no PONG'
  } catch (error) {
    return (error as Error).message
  } finally {
    client.disconnect()
  }
}

/**
 * Null once Redis answers at PEER_REDIS_URL, else why it cannot: the typical stack's queue needs
 * it. A local Redis that is not running is started (no persistence), as the machine's own
 * services are; when that fails too the peer is skipped and the table says why.
 */
export async function ensureRedis(url = PEER_REDIS_URL): Promise<string | null> {
  const first = await answers(url)
  if (first === null) return null
  const { hostname, port } = new URL(url)
  if (!['127.0.0.1', 'localhost'].includes(hostname)) return `Redis not reachable at ${url}: ${first}`
  const started = spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', port || '6379', '--save', '', '--appendonly', 'no'], { encoding: 'utf8' })
  if (started.error || started.status !== 0) return `Redis not reachable at ${url} (${first}) and redis-server could not be started: ${started.error?.message ?? started.stderr.trim()}`
  for (let i = 0; i < 50; i++) {
    if ((await answers(url)) === null) return null
    await sleep(100)
  }
  return `Redis started but does not answer at ${url}`
}

/** BullMQ's connection options for a `redis://host:port` URL (its workers block, so requests are never retried by ioredis). */
export function redisConnection(url: string): { host: string; port: number; maxRetriesPerRequest: null } {
  const { hostname, port } = new URL(url)
  return { host: hostname, port: Number(port || 6379), maxRetriesPerRequest: null }
}
