import { join } from 'node:path'
import type { SenderConfig } from '../src/config.js'
import type { Database } from '../src/store/dialect.js'
import { measureCpu, type CpuUse } from './cpu.js'
import type { StatementFigure } from './statement-profile.js'
import { openForReading, parleyDatabaseEnv, type EngineName, type Place } from './engines.js'
import { postAll, postPaced, type LoadResult, type Target } from './http-load.js'
import { messageTimes, waitUntilSettled, type Settled } from './outbox-results.js'
import { bundled } from './bundle.js'
import { baseEnv, spawnNode, type Child } from './processes.js'
import { startSandboxProcess, type SandboxProcess, type StatusDelays } from './sandbox-process.js'
import { perSecond, sleep, spread, type Spread } from './stats.js'
import { checkExactlyOnce, type ExactlyOnce } from './verify.js'
import { acceptedIds, batchBodies } from './workload.js'

/**
 * Parley end to end: batch API → outbox → dispatcher → sandbox (another process, over HTTP) →
 * signed status webhooks → `read`, on one engine, in three phases that each start from a quiet
 * system: a flood of batches, one sender at its raised limit, and a steady offered load.
 */

export interface ParleyBenchOptions {
  /** Messages in the throughput phase. */
  n: number
  /** Messages in the one-sender phase. */
  soloN: number
  /** Messages sent (and not measured) first, so that JIT, connection pools and prepared statements are warm. */
  warmup: number
  batchSize: number
  /** Batch requests in flight at once in the throughput phases. */
  concurrency: number
  /** Sender numbers, each at the platform's maximum of 1,000 msg/s. */
  senders: number
  offered: { ratePerSecond: number; seconds: number; batchSize: number }
  delays: StatusDelays
  /** Write a V8 CPU profile of the Parley process into this folder. */
  cpuProfDir?: string
  /** Time Parley's SQLite statements by their SQL (bench/statement-profile.ts). */
  statements?: boolean
  /** PARLEY_PROCESSES for Parley; unset, its own default (`auto`). */
  processes?: 1 | 2
}

export interface Usage {
  /** With `statements`: SQLite statements by total time in the phase. */
  statements?: StatementFigure[]
  /** The same for the worker process, when there is one. */
  workerStatements?: StatementFigure[]
  peakRss: number
  /** The worker process's, when dispatch runs in one of its own (PARLEY_PROCESSES, issue 13). */
  workerPeakRss: number | null
  maxRssEver: number
  cpuMs: number
  eventLoopUtilization: number
}

export interface PhaseResult {
  name: string
  messages: number
  wallMs: number
  /** Offered by the client (the paced phase), msg/s. */
  offeredPerSec: number
  /** All messages answered by the API. */
  acceptedPerSec: number
  /** All messages accepted by the provider (HTTP 200, Parley's `accepted`). */
  sentPerSec: number
  /** All messages `read`. */
  endToEndPerSec: number
  acceptToProviderMs: Spread
  acceptToSentMs: Spread
  /** Client-side latency of each POST. */
  requestMs: Spread
  parley: Usage
  cpu: CpuUse
  settled: Settled
  exactlyOnce: ExactlyOnce
}

export interface ParleyResult {
  engine: EngineName
  phases: { throughput: PhaseResult; oneSender: PhaseResult; offered: PhaseResult }
  sandbox: { rejected: Record<string, number>; failed: Record<string, number>; webhooksPosted: number; webhookFailedAttempts: number; webhooksDropped: number }
}

const API_KEY = 'pk_bench_0123456789abcdefghijklmnopqrstuv'
const RATE_LIMIT = 1000

export async function runParley(engine: EngineName, place: Place, options: ParleyBenchOptions): Promise<ParleyResult> {
  const senders: SenderConfig[] = Array.from({ length: options.senders }, (_, i) => ({
    id: `s${i + 1}`,
    account: 'meta',
    channel: 'whatsapp',
    number: `+1555000${2000 + i}`,
    numberId: String(100000000000011 + i),
    ratePerSecond: RATE_LIMIT,
  }))
  let sandbox: SandboxProcess | undefined
  let parley: Child | undefined
  let reader: Database | undefined
  try {
    // Nothing is sent before Parley listens, so the placeholder webhook URL is never used.
    sandbox = await startSandboxProcess(
      senders.map((s) => ({ phoneNumberId: s.numberId!, mps: RATE_LIMIT })),
      options.delays,
      'http://127.0.0.1:9/webhooks/meta',
    )
    parley = spawnNode('parley process', [await bundled('bench/parley-process.ts')], {
      ipc: true,
      // Node names each profile after pid and thread: the SQLite threads write small ones too.
      nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, engine)}`] : [],
      env: {
        ...baseEnv(),
        ...parleyDatabaseEnv(place.location),
        PARLEY_HOST: '127.0.0.1',
        PARLEY_PORT: '0',
        PARLEY_LOG_LEVEL: 'warn',
        PARLEY_API_KEY: API_KEY,
        // "The limit raised": every sender at the platform's maximum. Everything else is Parley's default.
        PARLEY_RATE_PER_SECOND: String(RATE_LIMIT),
        // The load generator is one client at full speed: the per-key request limit would measure itself.
        PARLEY_API_KEY_RATE_PER_SECOND: '100000',
        PARLEY_API_KEY_BURST: '1000000',
        BENCH_SENDERS: JSON.stringify(senders),
        BENCH_SANDBOX_URL: sandbox.url,
        ...(options.statements ? { BENCH_STATEMENT_PROFILE: '1' } : {}),
        ...(options.processes ? { PARLEY_PROCESSES: String(options.processes) } : {}),
      },
    })
    const [, url] = await parley.line(/parley listening at (\S+)/, 60_000)
    await sandbox.setWebhookUrl(`${url}/webhooks/meta`)
    reader = await openForReading(place.location)
    const target: Target = { origin: url!, path: '/v1/messages/batch', headers: { authorization: `Bearer ${API_KEY}` } }
    const ids = senders.map((s) => s.id)
    const run = phaseRunner(engine, parley, sandbox, reader, target)

    await run('warm-up', batchBodies(options.warmup, 500, ids), (t, b) => postAll(t, b, 2))
    const throughput = await run('throughput', batchBodies(options.n, options.batchSize, ids), (t, b) => postAll(t, b, options.concurrency))
    const oneSender = await run('one sender', batchBodies(options.soloN, options.batchSize, [ids[0]!]), (t, b) => postAll(t, b, options.concurrency))
    const { ratePerSecond, seconds, batchSize } = options.offered
    // Latency at the limit (issue 13): the offered rate comes from one number whose limit is that rate.
    const offeredBodies = batchBodies(Math.round(ratePerSecond * seconds), batchSize, [ids[0]!])
    const offered = await run('offered load', offeredBodies, (t, b) => postPaced(t, b, (1000 * batchSize) / ratePerSecond))

    const stats = await sandbox.stats()
    return {
      engine,
      phases: { throughput, oneSender, offered },
      sandbox: {
        rejected: stats.rejected,
        failed: stats.failed,
        webhooksPosted: stats.webhooks.posted,
        webhookFailedAttempts: stats.webhooks.failedAttempts,
        webhooksDropped: stats.webhooks.dropped,
      },
    }
  } finally {
    if (parley) await parley.call('close', {}, 60_000).catch(() => undefined)
    await parley?.stop()
    await sandbox?.close()
    await reader?.close()
  }
}

function phaseRunner(engine: EngineName, parley: Child, sandbox: SandboxProcess, reader: Database, target: Target) {
  return async function run(name: string, bodies: string[], drive: (target: Target, bodies: string[]) => Promise<LoadResult>): Promise<PhaseResult> {
    const { workerPid } = await parley.call<{ workerPid: number | null }>('reset')
    const processes = { parley: parley.process.pid, ...(workerPid === null ? {} : { 'parley worker': workerPid }), sandbox: sandbox.child.process.pid, bench: process.pid }
    const cpu = measureCpu(processes, engine === 'postgres')
    // Parley stamps messages with its clock at acceptance, which is after this.
    const since = Date.now()
    const load = await drive(target, bodies)
    const ids = load.responses.flatMap((r) => acceptedIds(r.body, r.status))
    const settled = await waitUntilSettled(reader, since, ids.length)
    const cpuUse = cpu.stop()
    const usage = await parley.call<Usage>('usage')
    const times = await messageTimes(reader, since)
    const exactlyOnce = checkExactlyOnce(ids, times, await sandbox.accepted())
    await quiet(sandbox)

    const t0 = load.startedAt
    const last = (values: Array<number | null>) => values.reduce<number>((max, v) => (v === null ? max : Math.max(max, v)), -Infinity)
    const lastAccepted = last(times.map((t) => t.acceptedAt))
    const lastRead = last(times.map((t) => t.readAt))
    const lastIssued = Math.max(...load.responses.map((r) => r.startedAt))
    return {
      name,
      messages: ids.length,
      wallMs: Date.now() - t0,
      offeredPerSec: perSecond(ids.length, lastIssued - t0 + (lastIssued - t0) / Math.max(1, bodies.length - 1)),
      acceptedPerSec: perSecond(ids.length, load.finishedAt - t0),
      sentPerSec: settled.complete ? perSecond(ids.length, lastAccepted - t0) : Number.NaN,
      endToEndPerSec: settled.complete ? perSecond(ids.length, lastRead - t0) : Number.NaN,
      acceptToProviderMs: spread(times.flatMap((t) => (t.acceptedAt === null ? [] : [t.acceptedAt - t.queuedAt]))),
      acceptToSentMs: spread(times.flatMap((t) => (t.sentAt === null ? [] : [t.sentAt - t.queuedAt]))),
      requestMs: spread(load.responses.map((r) => r.latencyMs)),
      parley: usage,
      cpu: cpuUse,
      settled,
      exactlyOnce,
    }
  }
}

/** Waits until the sandbox has no status webhook left to post, so the next phase starts on a quiet system. */
export async function quiet(sandbox: SandboxProcess): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { webhooks } = await sandbox.stats()
    if ((webhooks.pending === 0 && webhooks.scheduled === 0) || Date.now() > deadline) break
    await sleep(100)
  }
  await sleep(500)
}
