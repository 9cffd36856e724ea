/**
 * `npm run bench:queue [-- --engines sqlite,postgres --depths 10000,100000,1000000 --claims 40 --dispatch-seconds 10]`
 *
 * Memory and claim latency as the queue grows (issue 13, memory), on each engine: for each depth a
 * fresh SQLite file or PostgreSQL schema migrated by Parley's migrations and seeded with `depth`
 * queued template messages spread over many contacts (bench/support/seed-queue.ts: prepared
 * inserts in big transactions on SQLite, `insert … select` over generate_series on PostgreSQL), then
 *   (a) claim latency: Parley's own `claimDue` (src/store/outbox.ts), 100 messages a claim, from
 *       the benchmark's process, the depths of one engine in turns, p50 and p99 of the timed
 *       claims (the claimed messages are put back afterwards);
 *   (b) memory: Parley in its own process (with its worker process and a sandbox process, as
 *       `npm run bench` runs it) started on that database, dispatching the queue for a fixed time
 *       (shorter once 80% of the queue is sent, so that it never runs dry): the peak RSS of
 *       both Parley processes and the sends per second the sandbox saw.
 * The baseline is the smallest depth of the same engine in the same run: each figure is printed
 * with its ratio to it, and the verdict says whether claim latency and RSS stayed within 1.5× of
 * it. PostgreSQL is skipped, with the reason, when it does not answer.
 * Writes bench/results/queue-depth-<time>.json.
 */
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { migrateToLatest } from '../src/store/migrate.js'
import { claimDue } from '../src/store/outbox.js'
import { inTransaction } from '../src/store/transaction.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { writeResults } from './machine.js'
import { createPlace, ENGINE_LABEL, openForReading, postgresUnreachable, type EngineName, type Location, type Place } from './engines.js'
import { benchSenders, startParleyStack } from './parley-stack.js'
import type { Usage } from './parley-throughput.js'
import { seedQueue, seedQueuePostgres, type SeededQueue } from './support/seed-queue.js'
import { fmtMb, fmtRatio, perSecond, ratio, sleep, spread, type Spread } from './stats.js'

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'sqlite,postgres' },
    depths: { type: 'string', default: '10000,100000,1000000' },
    claims: { type: 'string', default: '40' },
    'dispatch-seconds': { type: 'string', default: '10' },
  },
})
const engines = values.engines.split(',').map((e) => e.trim()) as EngineName[]
for (const engine of engines) if (!(engine in ENGINE_LABEL)) throw new Error(`--engines: unknown engine "${engine}" (sqlite, postgres)`)
const depths = values.depths.split(',').map((d) => Number(d.trim()))
if (depths.some((d) => !Number.isInteger(d) || d < 1000)) throw new Error('--depths: whole numbers of at least 1000, comma-separated')
depths.sort((a, b) => a - b)
const CLAIMS = Math.max(30, Number(values.claims))
// Every sender's share of the smallest queue must outlast its claims (the first five uncounted).
if (depths[0]! < (CLAIMS + 8) * 100) throw new Error(`--depths: at least ${(CLAIMS + 8) * 100} for ${CLAIMS} claims of 100`)
const DISPATCH_MS = Math.max(5, Number(values['dispatch-seconds'])) * 1000
const CLAIM_LIMIT = 100
const SENDERS = benchSenders(4)
const SENDER_IDS = SENDERS.map((s) => s.id)
const FLAT = 1.5

interface DepthResult {
  depth: number
  contacts: number
  seedSeconds: number
  claimMs: Spread
  dispatch: { seconds: number; sends: number; sendsPerSec: number; peakRss: number; workerPeakRss: number | null }
}

/**
 * The claims of all depths in turns, one claim of each per round: the machine's load drifts
 * between runs minutes apart, and taking turns gives every depth the same share of it.
 */
async function measureClaims(locations: Location[]): Promise<Spread[]> {
  const databases = await Promise.all(locations.map((l) => openForReading(l)))
  try {
    const samples: number[][] = locations.map(() => [])
    // The first few rounds prepare statements and fill the page cache: not counted.
    for (let round = 0; round < CLAIMS + 5; round++) {
      const sender = SENDERS[round % SENDERS.length]!.id
      for (const [d, database] of databases.entries()) {
        const started = performance.now()
        const claimed = await claimDue(database, sender, Date.now(), CLAIM_LIMIT, 60_000, 'bench-queue-depth')
        const elapsed = performance.now() - started
        if (claimed.length !== CLAIM_LIMIT) throw new Error(`claimDue returned ${claimed.length} messages, ${CLAIM_LIMIT} expected`)
        if (round >= 5) samples[d]!.push(elapsed)
      }
    }
    return samples.map((s) => spread(s))
  } finally {
    await Promise.all(databases.map((d) => d.close()))
  }
}

/** Puts the claimed messages back in the queue as they were, so that Parley starts on the whole seeded queue. */
async function unclaim(location: Location): Promise<void> {
  const database = await openForReading(location)
  try {
    await inTransaction(database, async (trx) => {
      await sql`update messages set status = 'queued', attempts = 0, lease_owner = null, lease_until = null where status = 'sending'`.execute(trx)
      await sql`delete from message_events where status = 'sending'`.execute(trx)
    })
  } finally {
    await database.close()
  }
}

/** Migrates a fresh place with Parley's migrations and seeds its queue; the seconds count the seeding alone. */
async function seedPlace(location: Location, depth: number): Promise<SeededQueue> {
  const database = await openForReading(location)
  try {
    await migrateToLatest(database)
    if (location.kind === 'postgres') return await seedQueuePostgres(database, depth, SENDER_IDS, Date.now())
  } finally {
    await database.close()
  }
  return seedQueue(location.file, depth, SENDER_IDS, Date.now())
}

async function measureDispatch(location: Location, depth: number): Promise<DepthResult['dispatch']> {
  const stack = await startParleyStack(location, SENDERS, { sent: 0, delivered: 50, read: 100 })
  try {
    // Parley dispatches from the moment it starts: the first two seconds (JIT, pools) are not measured.
    await sleep(2000)
    await stack.parley.call('reset')
    const before = (await stack.sandbox.stats()).accepted
    const started = Date.now()
    // Ends early once 80% of the queue is sent: a queue running dry would lower the rate for want of work.
    while (Date.now() - started < DISPATCH_MS && (await stack.sandbox.stats()).accepted < 0.8 * depth) await sleep(250)
    const usage = await stack.parley.call<Usage>('usage')
    const sends = (await stack.sandbox.stats()).accepted - before
    const elapsed = Date.now() - started
    return { seconds: elapsed / 1000, sends, sendsPerSec: perSecond(sends, elapsed), peakRss: usage.peakRss, workerPeakRss: usage.workerPeakRss }
  } finally {
    await stack.close()
  }
}

const log = (line: string) => process.stderr.write(`[queue-depth] ${line}\n`)
const totalRss = (d: DepthResult['dispatch']) => d.peakRss + (d.workerPeakRss ?? 0)
const count = (n: number) => n.toLocaleString('en')

interface EngineResult {
  engine: EngineName
  /** Why the engine was not measured. */
  skipped?: string
  error?: string
  results: DepthResult[]
  flat?: boolean
}

/** One engine: every depth seeded first, the claims of all depths in turns, then each depth's dispatch. */
async function measureEngine(engine: EngineName, into: DepthResult[]): Promise<void> {
  const label = ENGINE_LABEL[engine]
  const places: Place[] = []
  const seeded: SeededQueue[] = []
  for (const depth of depths) {
    const place = await createPlace(engine, `queue-${depth}`)
    places.push(place)
    seeded.push(await seedPlace(place.location, depth))
    log(`${label} ${count(depth)} queued over ${count(seeded.at(-1)!.contacts)} contacts, seeded in ${seeded.at(-1)!.seconds.toFixed(1)} s`)
  }
  const claims = await measureClaims(places.map((p) => p.location))
  for (const [d, depth] of depths.entries()) {
    const place = places[d]!
    const claimMs = claims[d]!
    log(`${label} ${count(depth)}: claimDue ×${CLAIMS}: p50 ${claimMs.p50.toFixed(2)} ms, p99 ${claimMs.p99.toFixed(2)} ms`)
    await unclaim(place.location)
    const dispatch = await measureDispatch(place.location, depth)
    log(`${label} ${count(depth)}: dispatching ${dispatch.seconds.toFixed(1)} s: ${Math.round(dispatch.sendsPerSec)} sends/s, peak RSS API ${fmtMb(dispatch.peakRss)}, worker ${fmtMb(dispatch.workerPeakRss ?? Number.NaN)}`)
    into.push({ depth, contacts: seeded[d]!.contacts, seedSeconds: seeded[d]!.seconds, claimMs, dispatch })
    await place.drop()
  }
}

/** Null when the engine can be measured, else why not. */
async function whySkipped(engine: EngineName): Promise<string | null> {
  return engine === 'postgres' ? postgresUnreachable() : null
}

function isFlat(results: DepthResult[]): { flat: boolean; claimRatio: number; rssRatio: number } {
  const base = results[0]!
  const largest = results[results.length - 1]!
  const claimRatio = ratio(largest.claimMs.p50, base.claimMs.p50)
  const rssRatio = ratio(totalRss(largest.dispatch), totalRss(base.dispatch))
  return { flat: claimRatio <= FLAT && rssRatio <= FLAT, claimRatio, rssRatio }
}

/** The engine's table and verdict, or why it has none. */
function engineSection(e: EngineResult): string[] {
  const label = ENGINE_LABEL[e.engine]
  if (e.skipped) return [`${label} skipped: ${e.skipped}`, '']
  if (e.error) return [`${label} failed: ${e.error}`, '']
  const results = e.results
  const base = results[0]!
  const largest = results[results.length - 1]!
  const { flat, claimRatio, rssRatio } = isFlat(results)
  return [
    `Queue depth — ${startedAt.slice(0, 10)}, ${machine}, ${label}; ratios to the ${count(base.depth)} queue of this engine in this run`,
    '',
    '| queued | claim p50 | claim p99 | peak RSS (API + worker) | sends/s |',
    '|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const cell = (text: string, a: number, b: number) => (r === base ? text : `${text} (${fmtRatio(ratio(a, b))})`)
      return `| ${count(r.depth)} | ${cell(`${r.claimMs.p50.toFixed(2)} ms`, r.claimMs.p50, base.claimMs.p50)} | ${cell(`${r.claimMs.p99.toFixed(2)} ms`, r.claimMs.p99, base.claimMs.p99)} | ${cell(`${fmtMb(r.dispatch.peakRss)} + ${fmtMb(r.dispatch.workerPeakRss ?? Number.NaN)}`, totalRss(r.dispatch), totalRss(base.dispatch))} | ${cell(String(Math.round(r.dispatch.sendsPerSec)), r.dispatch.sendsPerSec, base.dispatch.sendsPerSec)} |`
    }),
    '',
    `${label}: flat as the queue grows: ${flat ? 'yes' : 'no'} (from ${count(base.depth)} to ${count(largest.depth)}: claim p50 ${fmtRatio(claimRatio)}, peak RSS ${fmtRatio(rssRatio)}; within ${FLAT}× counts as flat)`,
    '',
  ]
}

installCleanupHandlers()
const startedAt = new Date().toISOString()
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`
log(`${machine}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
const measured: EngineResult[] = []
try {
  for (const engine of engines) {
    const result: EngineResult = { engine, results: [] }
    measured.push(result)
    const why = await whySkipped(engine)
    if (why) {
      result.skipped = why
      log(`${ENGINE_LABEL[engine]} skipped: ${why}`)
      continue
    }
    try {
      await measureEngine(engine, result.results)
      result.flat = isFlat(result.results).flat
    } catch (error) {
      // The other engine's figures still count: this one is reported as failed.
      result.error = (error as Error).stack ?? String(error)
      log(`${ENGINE_LABEL[engine]} failed: ${result.error}`)
    }
  }
} finally {
  await cleanupAll()
}

const lines = ['', ...measured.flatMap(engineSection)]
const file = writeResults(resolve('bench/results'), 'queue-depth-', startedAt, { startedAt, machine, loadAverageAtEnd: loadavg(), claims: CLAIMS, claimLimit: CLAIM_LIMIT, dispatchMs: DISPATCH_MS, engines: measured })
lines.push(`Raw results: ${file}`, '')
process.stdout.write(lines.join('\n'))
process.exitCode = measured.some((e) => e.error) ? 1 : 0
