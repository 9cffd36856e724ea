/**
 * `npm run bench:queue [-- --depths 10000,100000,1000000 --claims 40 --dispatch-seconds 10]`
 *
 * Memory and claim latency as the queue grows (issue 13, memory): for each depth a fresh SQLite
 * file migrated by Parley's migrations and seeded with `depth` queued template messages spread
 * over many contacts (prepared inserts in big transactions, as bench/support/seed-history.ts
 * does), then
 *   (a) claim latency: Parley's own `claimDue` (src/store/outbox.ts), 100 messages a claim, from
 *       the benchmark's process, p50 and p99 of the timed claims;
 *   (b) memory: Parley in its own process (with its worker process and a sandbox process, as
 *       `npm run bench` runs it) started on that file, dispatching the queue for a fixed time
 *       (shorter once 80% of the queue is sent, so that it never runs dry): the peak RSS of
 *       both Parley processes and the sends per second the sandbox saw.
 * The baseline is the smallest depth of the same run: each figure is printed with its ratio to
 * it, and the verdict says whether claim latency and RSS stayed within 1.5× of it. SQLite only:
 * PostgreSQL is not measured here.
 * Writes bench/results/queue-depth-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { migrateToLatest } from '../src/store/migrate.js'
import { claimDue } from '../src/store/outbox.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, openForReading, type Location } from './engines.js'
import { benchSenders, startParleyStack } from './parley-stack.js'
import type { Usage } from './parley-throughput.js'
import { seedQueue } from './support/seed-queue.js'
import { fmtMb, fmtRatio, perSecond, ratio, sleep, spread, type Spread } from './stats.js'

const { values } = parseArgs({
  options: {
    depths: { type: 'string', default: '10000,100000,1000000' },
    claims: { type: 'string', default: '40' },
    'dispatch-seconds': { type: 'string', default: '10' },
  },
})
const depths = values.depths.split(',').map((d) => Number(d.trim()))
if (depths.some((d) => !Number.isInteger(d) || d < 1000)) throw new Error('--depths: whole numbers of at least 1000, comma-separated')
depths.sort((a, b) => a - b)
const CLAIMS = Math.max(30, Number(values.claims))
const DISPATCH_MS = Math.max(5, Number(values['dispatch-seconds'])) * 1000
const CLAIM_LIMIT = 100
const SENDERS = benchSenders(4)
const FLAT = 1.5

interface DepthResult {
  depth: number
  contacts: number
  seedSeconds: number
  claimMs: Spread
  dispatch: { seconds: number; sends: number; sendsPerSec: number; peakRss: number; workerPeakRss: number | null }
}

async function measureClaims(location: Location): Promise<Spread> {
  const database = await openForReading(location)
  try {
    const samples: number[] = []
    // The first few prepare statements and fill the page cache: not counted.
    for (let i = 0; i < CLAIMS + 5; i++) {
      const started = performance.now()
      const claimed = await claimDue(database, SENDERS[i % SENDERS.length]!.id, Date.now(), CLAIM_LIMIT, 60_000, 'bench-queue-depth')
      const elapsed = performance.now() - started
      if (claimed.length !== CLAIM_LIMIT) throw new Error(`claimDue returned ${claimed.length} messages, ${CLAIM_LIMIT} expected`)
      if (i >= 5) samples.push(elapsed)
    }
    return spread(samples)
  } finally {
    await database.close()
  }
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

installCleanupHandlers()
const startedAt = new Date().toISOString()
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`
log(`${machine}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
const results: DepthResult[] = []
try {
  for (const depth of depths) {
    const place = await createPlace('sqlite', `queue-${depth}`)
    try {
      const database = await openForReading(place.location)
      await migrateToLatest(database).finally(() => database.close())
      const seeded = seedQueue((place.location as { file: string }).file, depth, SENDERS.map((s) => s.id), Date.now())
      log(`${depth.toLocaleString('en')} queued over ${seeded.contacts.toLocaleString('en')} contacts, seeded in ${seeded.seconds.toFixed(1)} s`)
      const claimMs = await measureClaims(place.location)
      log(`  claimDue ×${CLAIMS}: p50 ${claimMs.p50.toFixed(2)} ms, p99 ${claimMs.p99.toFixed(2)} ms`)
      const dispatch = await measureDispatch(place.location, depth)
      log(`  dispatching ${dispatch.seconds.toFixed(1)} s: ${Math.round(dispatch.sendsPerSec)} sends/s, peak RSS API ${fmtMb(dispatch.peakRss)}, worker ${fmtMb(dispatch.workerPeakRss ?? Number.NaN)}`)
      results.push({ depth, contacts: seeded.contacts, seedSeconds: seeded.seconds, claimMs, dispatch })
    } finally {
      await place.drop()
    }
  }
} finally {
  await cleanupAll()
}

const base = results[0]!
const largest = results[results.length - 1]!
const lines = [
  '',
  `Queue depth — ${startedAt.slice(0, 10)}, ${machine}, SQLite; ratios to the ${base.depth.toLocaleString('en')} queue of this run`,
  '',
  '| queued | claim p50 | claim p99 | peak RSS (API + worker) | sends/s |',
  '|---:|---:|---:|---:|---:|',
  ...results.map((r) => {
    const cell = (text: string, a: number, b: number) => (r === base ? text : `${text} (${fmtRatio(ratio(a, b))})`)
    return `| ${r.depth.toLocaleString('en')} | ${cell(`${r.claimMs.p50.toFixed(2)} ms`, r.claimMs.p50, base.claimMs.p50)} | ${cell(`${r.claimMs.p99.toFixed(2)} ms`, r.claimMs.p99, base.claimMs.p99)} | ${cell(`${fmtMb(r.dispatch.peakRss)} + ${fmtMb(r.dispatch.workerPeakRss ?? Number.NaN)}`, totalRss(r.dispatch), totalRss(base.dispatch))} | ${cell(String(Math.round(r.dispatch.sendsPerSec)), r.dispatch.sendsPerSec, base.dispatch.sendsPerSec)} |`
  }),
  '',
]
const claimRatio = ratio(largest.claimMs.p50, base.claimMs.p50)
const rssRatio = ratio(totalRss(largest.dispatch), totalRss(base.dispatch))
const flat = claimRatio <= FLAT && rssRatio <= FLAT
lines.push(`flat as the queue grows: ${flat ? 'yes' : 'no'} (from ${base.depth.toLocaleString('en')} to ${largest.depth.toLocaleString('en')}: claim p50 ${fmtRatio(claimRatio)}, peak RSS ${fmtRatio(rssRatio)}; within ${FLAT}× counts as flat)`)

const dir = resolve('bench/results')
mkdirSync(dir, { recursive: true })
const file = join(dir, `queue-depth-${startedAt.replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify({ startedAt, machine, loadAverageAtEnd: loadavg(), claims: CLAIMS, claimLimit: CLAIM_LIMIT, dispatchMs: DISPATCH_MS, results, flat }, null, 2) + '\n')
lines.push(`Raw results: ${file}`, '')
process.stdout.write(lines.join('\n'))
