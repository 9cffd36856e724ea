import pg from 'pg'
import { SANDBOX_CREDENTIALS } from '../../src/config.js'
import type { AcceptedMessage } from '../../src/sandbox/index.js'
import { measureCpu, type CpuUse } from '../cpu.js'
import { POSTGRES_URL, postgresUnreachable, type Place } from '../engines.js'
import { postAll, type Target } from '../http-load.js'
import { bundled } from '../bundle.js'
import { baseEnv, spawnNode, type Child } from '../processes.js'
import { startSandboxProcess, type StatusDelays } from '../sandbox-process.js'
import { perSecond, sleep, spread, type Spread } from '../stats.js'
import { acceptedIds, batchBodies } from '../workload.js'
import { PEER_SCHEMA_SQL } from './schema.js'
import { ensureRedis, PEER_REDIS_URL } from './redis.js'

/**
 * The typical Node stack a team would build instead of Parley (issue 13), measured in the same
 * run, with the same load generator, workload and sandbox flavour: API + webhooks in one process,
 * the BullMQ worker in another, PostgreSQL and Redis on the machine. Parley's figures are printed
 * as ratios to this one's.
 */

export interface PeerOptions {
  n: number
  warmup: number
  batchSize: number
  concurrency: number
  senders: number
  delays: StatusDelays
}

export interface PeerPhase {
  messages: number
  acceptedPerSec: number
  sentPerSec: number
  endToEndPerSec: number
  acceptToProviderMs: Spread
  /** Peak RSS of the API process and of the worker process. */
  peakRss: { api: number; worker: number }
  cpuMs: { api: number; worker: number }
  cpu: CpuUse
  exactlyOnce: { ok: boolean; read: number; neverSent: number; sentTwice: number; acceptsNotOne: number }
}

export type PeerResult = { kind: 'measured'; throughput: PeerPhase } | { kind: 'skipped'; reason: string }

const RATE_LIMIT = 1000

interface Row {
  id: string
  status: string
  created_at: string
  accepted_at: string | null
  read_at: string | null
  accepts: number
}

export async function runPeer(place: Place, options: PeerOptions): Promise<PeerResult> {
  if (place.location.kind !== 'postgres') throw new Error('the typical stack runs on PostgreSQL')
  const why = (await postgresUnreachable()) ?? (await ensureRedis())
  if (why) return { kind: 'skipped', reason: why }
  const { schema } = place.location
  const db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
  await db.connect()
  const senders = Array.from({ length: options.senders }, (_, i) => ({ id: `s${i + 1}`, numberId: String(100000000000011 + i) }))
  const queue = `peer-send-${process.pid}-${Date.now().toString(36)}`
  const children: Child[] = []
  const sandbox = await startSandboxProcess(
    senders.map((s) => ({ phoneNumberId: s.numberId, mps: RATE_LIMIT })),
    options.delays,
    'http://127.0.0.1:9/webhooks/meta',
  )
  try {
    await db.query(PEER_SCHEMA_SQL)
    const common = { ...baseEnv(), PEER_DATABASE_URL: POSTGRES_URL, PEER_SCHEMA: schema, PEER_QUEUE: queue, PEER_REDIS_URL }
    const api = spawnNode('peer api', [await bundled('bench/peer/peer-api.ts')], { ipc: true, env: { ...common, PEER_APP_SECRET: SANDBOX_CREDENTIALS.appSecret } })
    children.push(api)
    const listening = api.line(/peer api listening at (\S+)/, 60_000)
    const worker = spawnNode('peer worker', [await bundled('bench/peer/peer-worker.ts')], {
      ipc: true,
      env: { ...common, PEER_PROVIDER_URL: sandbox.url, PEER_ACCESS_TOKEN: SANDBOX_CREDENTIALS.accessToken, PEER_SENDERS: JSON.stringify(senders) },
    })
    children.push(worker)
    // Both waited on at once: a line printed before anyone waits for it is not seen.
    const [[, url]] = await Promise.all([listening, worker.line(/peer worker ready/, 60_000)])
    await sandbox.setWebhookUrl(`${url}/webhooks/meta`)
    const target: Target = { origin: url!, path: '/v1/messages/batch' }
    const ids = senders.map((s) => s.id)

    const phase = async (bodies: string[]): Promise<PeerPhase> => {
      await Promise.all([api.call('reset'), worker.call('reset')])
      const cpu = measureCpu({ api: api.process.pid, worker: worker.process.pid, sandbox: sandbox.child.process.pid, bench: process.pid }, true)
      const since = Date.now()
      const load = await postAll(target, bodies, options.concurrency)
      const accepted = load.responses.flatMap((r) => acceptedIds(r.body, r.status))
      await settled(db, since, accepted.length)
      const cpuUse = cpu.stop()
      const [apiUse, workerUse] = await Promise.all([api.call<{ peakRss: number; cpuMs: number }>('usage'), worker.call<{ peakRss: number; cpuMs: number }>('usage')])
      const { rows } = await db.query<Row>('select id, status, created_at, accepted_at, read_at, accepts from peer_messages where created_at >= $1', [since])
      const exactlyOnce = checkPeer(accepted, rows, await sandbox.accepted())
      await quiet(sandbox)
      const t0 = load.startedAt
      const last = (values: Array<string | null>) => values.reduce<number>((max, v) => (v === null ? max : Math.max(max, Number(v))), -Infinity)
      return {
        messages: accepted.length,
        acceptedPerSec: perSecond(accepted.length, load.finishedAt - t0),
        sentPerSec: perSecond(accepted.length, last(rows.map((r) => r.accepted_at)) - t0),
        endToEndPerSec: exactlyOnce.read === accepted.length ? perSecond(accepted.length, last(rows.map((r) => r.read_at)) - t0) : Number.NaN,
        acceptToProviderMs: spread(rows.flatMap((r) => (r.accepted_at === null ? [] : [Number(r.accepted_at) - Number(r.created_at)]))),
        peakRss: { api: apiUse.peakRss, worker: workerUse.peakRss },
        cpuMs: { api: apiUse.cpuMs, worker: workerUse.cpuMs },
        cpu: cpuUse,
        exactlyOnce,
      }
    }

    await phase(batchBodies(options.warmup, 500, ids))
    const throughput = await phase(batchBodies(options.n, options.batchSize, ids))
    return { kind: 'measured', throughput }
  } finally {
    for (const child of children) await child.call('close', {}, 30_000).catch(() => undefined)
    for (const child of children) await child.stop()
    await sandbox.close()
    await db.end()
  }
}

/** Waits until every message since `since` is `read` or `failed`, giving up when nothing moved for 30 s. */
async function settled(db: pg.Client, since: number, expected: number): Promise<void> {
  let last = -1
  let lastChange = Date.now()
  for (;;) {
    const { rows } = await db.query<{ n: string }>(`select count(*) as n from peer_messages where created_at >= $1 and status in ('read', 'failed')`, [since])
    const done = Number(rows[0]!.n)
    if (done >= expected) return
    if (done !== last) {
      last = done
      lastChange = Date.now()
    } else if (Date.now() - lastChange > 30_000) return
    await sleep(500)
  }
}

function checkPeer(ids: readonly string[], rows: readonly Row[], sandboxLog: readonly AcceptedMessage[]): PeerPhase['exactlyOnce'] {
  const sends = new Map(ids.map((id) => [id, 0]))
  for (const entry of sandboxLog) {
    const id = entry.bizOpaqueCallbackData
    if (id !== null && sends.has(id)) sends.set(id, sends.get(id)! + 1)
  }
  const read = rows.filter((r) => r.status === 'read').length
  const counts = [...sends.values()]
  const neverSent = counts.filter((n) => n === 0).length
  const sentTwice = counts.filter((n) => n > 1).length
  const acceptsNotOne = rows.filter((r) => r.accepts !== 1).length
  return { ok: read === ids.length && neverSent === 0 && sentTwice === 0 && acceptsNotOne === 0, read, neverSent, sentTwice, acceptsNotOne }
}

async function quiet(sandbox: Awaited<ReturnType<typeof startSandboxProcess>>): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { webhooks } = await sandbox.stats()
    if ((webhooks.pending === 0 && webhooks.scheduled === 0) || Date.now() > deadline) break
    await sleep(100)
  }
}
