/**
 * `npm run bench:queue [-- --depths 10000,100000,1000000 --claims 40 --dispatch-seconds 10]`
 *
 * Memory and claim latency as the queue grows (issue 13, memory): for each depth a fresh SQLite
 * file migrated by Parley's migrations and seeded with `depth` queued template messages spread
 * over many contacts (prepared inserts in big transactions, as bench/support/seed-history.ts
 * does), then
 *   (a) claim latency: Parley's own `claimDue` (src/store/outbox.ts), 100 messages a claim, from
 *       the benchmark's process, the depths in turns, p50 and p99 of the timed claims (the
 *       claimed messages are put back afterwards);
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
import BetterSqlite3 from 'better-sqlite3'
import { migrateToLatest } from '../src/store/migrate.js'
import { claimDue } from '../src/store/outbox.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, openForReading, type Location, type Place } from './engines.js'
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
// Every sender's share of the smallest queue must outlast its claims (the first five uncounted).
if (depths[0]! < (CLAIMS + 8) * 100) throw new Error(`--depths: at least ${(CLAIMS + 8) * 100} for ${CLAIMS} claims of 100`)
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
function unclaim(file: string): void {
  const connection = new BetterSqlite3(file)
  try {
    connection.transaction(() => {
      connection.exec(`update messages set status = 'queued', attempts = 0, lease_owner = null, lease_until = null where status = 'sending'`)
      connection.exec(`delete from message_events where status = 'sending'`)
    })()
  } finally {
    connection.close()
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

const fileOf = (place: Place) => (place.location as { file: string }).file
const log = (line: string) => process.stderr.write(`[queue-depth] ${line}\n`)
const totalRss = (d: DepthResult['dispatch']) => d.peakRss + (d.workerPeakRss ?? 0)

installCleanupHandlers()
const startedAt = new Date().toISOString()
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`
log(`${machine}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
const results: DepthResult[] = []
try {
  const places: Place[] = []
  const seeded: Array<{ contacts: number; seconds: number }> = []
  for (const depth of depths) {
    const place = await createPlace('sqlite', `queue-${depth}`)
    places.push(place)
    const database = await openForReading(place.location)
    await migrateToLatest(database).finally(() => database.close())
    seeded.push(seedQueue(fileOf(place), depth, SENDERS.map((s) => s.id), Date.now()))
    log(`${depth.toLocaleString('en')} queued over ${seeded.at(-1)!.contacts.toLocaleString('en')} contacts, seeded in ${seeded.at(-1)!.seconds.toFixed(1)} s`)
  }
  const claims = await measureClaims(places.map((p) => p.location))
  for (const [d, depth] of depths.entries()) {
    const place = places[d]!
    const claimMs = claims[d]!
    log(`${depth.toLocaleString('en')}: claimDue ×${CLAIMS}: p50 ${claimMs.p50.toFixed(2)} ms, p99 ${claimMs.p99.toFixed(2)} ms`)
    unclaim(fileOf(place))
    const dispatch = await measureDispatch(place.location, depth)
    log(`${depth.toLocaleString('en')}: dispatching ${dispatch.seconds.toFixed(1)} s: ${Math.round(dispatch.sendsPerSec)} sends/s, peak RSS API ${fmtMb(dispatch.peakRss)}, worker ${fmtMb(dispatch.workerPeakRss ?? Number.NaN)}`)
    results.push({ depth, contacts: seeded[d]!.contacts, seedSeconds: seeded[d]!.seconds, claimMs, dispatch })
    await place.drop()
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
