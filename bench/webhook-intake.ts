/**
 * `npm run bench:webhooks [-- --n 20000 --engines sqlite,postgres --concurrency 32 --cpu-prof]`
 *
 * Parley's webhook intake alone (issue 13): signed status webhooks, one status each, POSTed at a
 * fixed concurrency over keep-alive, next to a bare Fastify route that verifies the same signature
 * and does nothing else (bench/bare-webhook-server.ts), in the same run, with the same client,
 * bodies and concurrency.
 *
 * The webhooks are those of messages Parley knows, as the platform's servers would post them: N/3
 * messages are sent through Parley (API, dispatcher, a sandbox process) while the sandbox's
 * webhooks go to a sink in this process, which keeps each body and its signature as the sandbox
 * wrote and signed them from docs/platform.md §2.5 — `sent`, `delivered` and `read` per message.
 * Parley then has the messages at `accepted` and none of their statuses; the recorded webhooks
 * are replayed to it, pre-serialised and pre-signed, in the order they were posted.
 *
 * Figures: POSTs answered 200 per second, their latency, and "applied": N over the time from the
 * first POST until no receipt is pending (every status in `messages` and `message_events`).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SANDBOX_CREDENTIALS } from '../src/config.js'
import type { Database } from '../src/store/dialect.js'
import { MIN_WINDOW_MS } from './baselines.js'
import { cleanupAll, installCleanupHandlers, onCleanup, wasInterrupted } from './cleanup.js'
import { measureCpu, type CpuUse } from './cpu.js'
import { createPlace, ENGINE_LABEL, openForReading, postgresUnreachable, type EngineName } from './engines.js'
import { postAll, type LoadResult, type Payload, type Target } from './http-load.js'
import { commit, machine, machineLine, writeResults } from './machine.js'
import { statusCounts } from './outbox-results.js'
import { benchSenders, STACK_API_KEY, startParleyStack, type ParleyStack } from './parley-stack.js'
import type { Usage } from './parley-throughput.js'
import { bundled } from './bundle.js'
import { baseEnv, spawnNode } from './processes.js'
import { perSecond, sleep, spread } from './stats.js'
import { acceptedIds, batchBodies } from './workload.js'
import { renderTable, statementLines, verdicts, type Intake, type ParleyIntake, type WebhookEngineResult } from './webhook-report.js'

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    concurrency: { type: 'string', default: '32' },
    'cpu-prof': { type: 'boolean', default: false },
    /** Time Parley's SQLite statements and print the costliest per webhook. */
    statements: { type: 'boolean', default: false },
  },
})
const positiveInt = (name: string, value: string) => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`)
  return parsed
}
const n = positiveInt('n', values.n)
const concurrency = positiveInt('concurrency', values.concurrency)
const engines = values.engines.split(',').map((e) => e.trim()) as EngineName[]
for (const engine of engines) if (!(engine in ENGINE_LABEL)) throw new Error(`--engines: unknown engine "${engine}" (sqlite, postgres)`)
const resultsDir = resolve('bench/results')
/** Three status webhooks per message: sent, delivered, read. */
const messages = Math.ceil(n / 3)
const warmupMessages = Math.min(500, messages)
const SENDERS = benchSenders(4)
const target = (origin: string): Target => ({ origin, path: '/webhooks/meta' })

/** Where the sandbox posts while Parley's messages are seeded: keeps every body and signature, answers 200. */
async function startSink() {
  const recorded: Payload[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const bytes = Buffer.concat(chunks)
      const body = bytes.toString('utf8')
      const signature = req.headers['x-hub-signature-256']
      // Valid UTF-8 (Meta's is ASCII, §2.2) re-encodes to the very bytes that were signed; anything else is not kept.
      // Only status webhooks are the traffic measured (a template change, say, is not).
      const status = body.includes('"statuses":')
      if (status && typeof signature === 'string' && Buffer.byteLength(body) === bytes.length) recorded.push({ body, headers: { 'x-hub-signature-256': signature } })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`,
    /** The first `count` webhooks recorded (waiting for them), removed from the record. */
    async take(count: number): Promise<Payload[]> {
      await until(() => recorded.length >= count, `${count} webhooks at the sink (${recorded.length} so far)`)
      return recorded.splice(0, count)
    },
    close: onCleanup('webhook sink', () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done())))),
  }
}

async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** Sends `count` messages through Parley; returns their status webhooks once Parley holds every message at `accepted`. */
async function seed(stack: ParleyStack, reader: Database, sink: Awaited<ReturnType<typeof startSink>>, count: number): Promise<Payload[]> {
  const since = Date.now()
  const api = { origin: stack.url, path: '/v1/messages/batch', headers: { authorization: `Bearer ${STACK_API_KEY}` } }
  const load = await postAll(api, batchBodies(count, 500, SENDERS.map((s) => s.id)), 2)
  const ids = load.responses.flatMap((r) => acceptedIds(r.body, r.status))
  const webhooks = await sink.take(3 * ids.length)
  // The sandbox posts `sent` as it answers the send: Parley may not have recorded that answer yet.
  await until(async () => (await statusCounts(reader, since)).accepted === ids.length, `${ids.length} messages at accepted`, 60_000, 100)
  return webhooks
}

function intake(load: LoadResult, cpu: CpuUse): Intake {
  const refused = load.responses.find((r) => r.status !== 200)
  if (refused) throw new Error(`a webhook was answered HTTP ${refused.status}: ${refused.body.slice(0, 300)}`)
  return { webhooks: load.responses.length, perSec: perSecond(load.responses.length, load.finishedAt - load.startedAt), requestMs: spread(load.responses.map((r) => r.latencyMs)), cpu }
}

async function bareRoute(warmup: Payload[], bodies: Payload[]): Promise<Intake> {
  const child = spawnNode('bare webhook server', [await bundled('bench/bare-webhook-server.ts')], { env: { ...baseEnv(), BENCH_APP_SECRET: SANDBOX_CREDENTIALS.appSecret } })
  try {
    const [, url] = await child.line(/bare listening at (\S+)/)
    await postAll(target(url!), warmup, concurrency)
    const cpu = measureCpu({ bare: child.process.pid, bench: process.pid }, false)
    // As baselines.ts does: the bare route may take N in too short a window for a noisy machine, so they go again.
    const load = await postAll(target(url!), bodies, concurrency)
    while (load.finishedAt - load.startedAt < MIN_WINDOW_MS) {
      const again = await postAll(target(url!), bodies, concurrency)
      load.responses.push(...again.responses)
      load.finishedAt = again.finishedAt
    }
    return intake(load, cpu.stop())
  } finally {
    await child.stop()
  }
}

async function pendingReceipts(reader: Database): Promise<number> {
  const row = await reader.receipts
    .selectFrom('webhook_receipts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function parleyIntake(engine: EngineName, stack: ParleyStack, reader: Database, warmup: Payload[], bodies: Payload[], since: number): Promise<ParleyIntake> {
  await postAll(target(stack.url), warmup, concurrency)
  await until(async () => (await pendingReceipts(reader)) === 0, 'the warm-up receipts to be processed')
  await sleep(500)
  const { workerPid } = await stack.parley.call<{ workerPid: number | null }>('reset')
  const pids = { parley: stack.parley.process.pid, ...(workerPid === null ? {} : { 'parley worker': workerPid }), bench: process.pid }
  const cpu = measureCpu(pids, engine === 'postgres')
  const load = await postAll(target(stack.url), bodies, concurrency)
  // Polled every 20 ms from here: "applied" is late by up to a poll, never early.
  await until(async () => (await pendingReceipts(reader)) === 0, 'every receipt to be processed', 120_000)
  const appliedMs = Date.now() - load.startedAt
  const figures = intake(load, cpu.stop())
  const usage = await stack.parley.call<Usage>('usage')
  const rows = await reader.receipts
    .selectFrom('webhook_receipts')
    .select(['state', (eb) => eb.fn.countAll().as('n')])
    .where('received_at', '>=', load.startedAt)
    .groupBy('state')
    .execute()
  const receipts = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
  return { ...figures, appliedPerSec: perSecond(bodies.length, appliedMs), appliedMs, statuses: await statusCounts(reader, since), receipts, usage }
}

async function runEngine(engine: EngineName): Promise<WebhookEngineResult> {
  const place = await createPlace(engine, 'webhooks')
  const sink = await startSink()
  let stack: ParleyStack | undefined
  let reader: Database | undefined
  try {
    const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles', `webhooks-${engine}`)}`] : []
    const env = values.statements ? { BENCH_STATEMENT_PROFILE: '1' } : undefined
    stack = await startParleyStack(place.location, SENDERS, { sent: 0, delivered: 50, read: 100 }, { nodeArgs: profile, ...(env ? { env } : {}) })
    // Before anything is sent: the statuses are recorded here, not posted to Parley.
    await stack.sandbox.setWebhookUrl(sink.url)
    reader = await openForReading(place.location)
    log(`${ENGINE_LABEL[engine]}: seeding ${warmupMessages} + ${messages} messages through Parley and the sandbox`)
    const warmup = await seed(stack, reader, sink, warmupMessages)
    const since = Date.now()
    const bodies = await seed(stack, reader, sink, messages)
    await sleep(500)
    log(`${ENGINE_LABEL[engine]}: bare verifying route, ${bodies.length} webhooks`)
    const bare = await bareRoute(warmup, bodies)
    log(`${ENGINE_LABEL[engine]}: Parley, ${bodies.length} webhooks`)
    const parley = await parleyIntake(engine, stack, reader, warmup, bodies, since)
    return { engine, bare, parley }
  } finally {
    await reader?.close()
    await stack?.close()
    await sink.close()
    await place.drop()
  }
}

const log = (line: string) => process.stderr.write(`[bench:webhooks] ${line}\n`)

installCleanupHandlers()
const startedAt = new Date().toISOString()
const run = { startedAt, machine: machine(), commit: commit(), options: { n, concurrency, messages, warmupMessages, engines }, engines: [] as WebhookEngineResult[] }
log(machineLine(run.machine, run.commit))
try {
  for (const engine of engines) {
    const why = engine === 'postgres' ? await postgresUnreachable() : null
    if (why) {
      log(`PostgreSQL skipped: ${why}`)
      run.engines.push({ engine, skipped: why })
      continue
    }
    try {
      run.engines.push(await runEngine(engine))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      log(`${ENGINE_LABEL[engine]} failed: ${message}`)
      run.engines.push({ engine, error: message })
    }
  }
} finally {
  await cleanupAll()
}
// Interrupted: the cleanup handler ends the process; half-measured figures are not results.
if (wasInterrupted()) await new Promise(() => undefined)

const file = writeResults(resultsDir, 'webhooks-', startedAt, run)
process.stdout.write(
  [
    '',
    `Webhook intake — ${startedAt.slice(0, 10)}, ${machineLine(run.machine, run.commit)}`,
    '',
    renderTable(run.engines, { messages, concurrency }),
    '',
    'Target:',
    ...verdicts(run.engines),
    '',
    ...statementLines(run.engines),
    `Raw results: ${file}`,
    '',
  ].join('\n'),
)
const complete = (e: WebhookEngineResult) => !e.parley || (e.parley.statuses.read === messages && e.parley.receipts.processed === e.parley.webhooks)
process.exitCode = run.engines.some((e) => e.error || !complete(e)) ? 1 : 0
