import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import type { Database } from '../src/store/dialect.js'
import { createPlace, openForReading } from './engines.js'
import { postPaced, type LoadResult, type Target } from './http-load.js'
import { messageTimes, waitUntilSettled } from './outbox-results.js'
import { benchSenders, STACK_API_KEY, startParleyStack } from './parley-stack.js'
import type { Usage } from './parley-throughput.js'
import { renderSoakChart } from './soak-chart.js'
import { fmtMb, fmtMs, ratio, sleep, spread } from './stats.js'
import { acceptedIds, batchBodies } from './workload.js'

/**
 * `npm run bench -- --soak <minutes> [--soak-rate 200]`: Parley (API and worker process) and a
 * sandbox process under a steady offered rate for the given minutes, to see whether memory or
 * latency creep up over time. Every 10 s it samples the peak RSS of both Parley processes in those
 * 10 s; afterwards it reads from Parley's tables the accept→sent p50 and p99 of the messages
 * accepted in each 10 s window (as parley-throughput.ts does for a phase). Writes
 * bench/results/soak-<time>.json and an SVG chart of both over time next to it.
 */

export interface SoakOptions {
  minutes: number
  ratePerSecond: number
  resultsDir: string
}

export interface SoakSample {
  /** Seconds from the start of the load to the end of the window. */
  at: number
  apiRss: number
  workerRss: number | null
  /** Accept→sent of the messages accepted in the window, ms. */
  p50: number
  p99: number
  /** Accept→provider 200 (the dispatcher's `accepted` entry), ms: the part of accept→sent before the `sent` webhook. */
  providerP50: number
  providerP99: number
  messages: number
}

export interface SoakSummary {
  rss: { start: number; end: number; max: number; driftPerTenMinutes: number }
  p99: { start: number; end: number; max: number }
}

export const SAMPLE_MS = 10_000
const BATCH = 10

export async function runSoak(options: SoakOptions): Promise<{ file: string; chart: string; summary: SoakSummary }> {
  const { minutes, ratePerSecond } = options
  const senders = benchSenders(4)
  const place = await createPlace('sqlite', 'soak')
  let reader: Database | undefined
  const stack = await startParleyStack(place.location, senders, { sent: 0, delivered: 50, read: 100 })
  try {
    reader = await openForReading(place.location)
    const target: Target = { origin: stack.url, path: '/v1/messages/batch', headers: { authorization: `Bearer ${STACK_API_KEY}` } }
    const bodies = batchBodies(Math.round(ratePerSecond * minutes * 60), BATCH, senders.map((s) => s.id))
    const since = Date.now()
    await stack.parley.call('reset')
    let done = false
    const load = postPaced(target, bodies, (1000 * BATCH) / ratePerSecond).finally(() => (done = true))
    const rss: Array<{ at: number; apiRss: number; workerRss: number | null }> = []
    for (let k = 1; !done; k++) {
      const wait = since + k * SAMPLE_MS - Date.now()
      // The last window ends with the load: a stub of a few milliseconds would be noise.
      await Promise.race([sleep(Math.max(0, wait)), load.then(() => undefined, () => undefined)])
      if (done && Date.now() < since + k * SAMPLE_MS - SAMPLE_MS / 2) break
      const usage = await stack.parley.call<Usage>('usage')
      await stack.parley.call('reset')
      rss.push({ at: (Date.now() - since) / 1000, apiRss: usage.peakRss, workerRss: usage.workerPeakRss })
      process.stderr.write(`[soak] ${Math.round((Date.now() - since) / 1000)} s: peak RSS API ${fmtMb(usage.peakRss)}, worker ${fmtMb(usage.workerPeakRss ?? Number.NaN)}\n`)
    }
    const result: LoadResult = await load
    const ids = result.responses.flatMap((r) => acceptedIds(r.body, r.status))
    const settled = await waitUntilSettled(reader, since, ids.length)
    if (!settled.complete) process.stderr.write(`[soak] not every message was read: ${JSON.stringify(settled.counts)}\n`)
    const times = await messageTimes(reader, since)
    const samples: SoakSample[] = rss.map((r, i) => {
      const from = since + i * SAMPLE_MS
      const to = since + (i + 1) * SAMPLE_MS
      const accepted = times.filter((t) => t.queuedAt >= from && t.queuedAt < to)
      const s = spread(accepted.flatMap((t) => (t.sentAt === null ? [] : [t.sentAt - t.queuedAt])))
      const provider = spread(accepted.flatMap((t) => (t.acceptedAt === null ? [] : [t.acceptedAt - t.queuedAt])))
      return { ...r, p50: s.p50, p99: s.p99, providerP50: provider.p50, providerP99: provider.p99, messages: s.count }
    })
    const summary = summarise(samples)
    const startedAt = new Date(since).toISOString()
    const stamp = startedAt.replace(/[:.]/g, '-')
    mkdirSync(options.resultsDir, { recursive: true })
    const file = join(options.resultsDir, `soak-${stamp}.json`)
    const chart = join(options.resultsDir, `soak-${stamp}.svg`)
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`
    writeFileSync(file, JSON.stringify({ startedAt, machine, loadAverageAtEnd: loadavg(), minutes, ratePerSecond, messages: ids.length, settled, samples, summary }, null, 2) + '\n')
    writeFileSync(chart, renderSoakChart(samples, minutes, `Parley soak, ${minutes} min at ${ratePerSecond} msg/s, SQLite — ${startedAt.slice(0, 16)}Z, ${machine}`))
    return { file, chart, summary }
  } finally {
    await stack.close()
    await reader?.close()
    await place.drop()
  }
}

const total = (s: SoakSample) => s.apiRss + (s.workerRss ?? 0)

function summarise(samples: SoakSample[]): SoakSummary {
  if (samples.length === 0) throw new Error('the soak took no sample: run it for at least a minute')
  const first = samples[0]!
  const last = samples[samples.length - 1]!
  const p99s = samples.map((s) => s.p99).filter(Number.isFinite)
  return {
    rss: { start: total(first), end: total(last), max: Math.max(...samples.map(total)), driftPerTenMinutes: slope(samples.map((s) => [s.at, total(s)])) * 600 },
    p99: { start: first.p99, end: last.p99, max: p99s.length ? Math.max(...p99s) : Number.NaN },
  }
}

/** Least-squares slope of y over x; 0 for fewer than two points. */
function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0)
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
  return den === 0 ? 0 : num / den
}

export function summaryLine(summary: SoakSummary): string {
  const { rss, p99 } = summary
  const sign = rss.driftPerTenMinutes >= 0 ? '+' : '−'
  return (
    `RSS (API + worker) start ${fmtMb(rss.start)}, end ${fmtMb(rss.end)}, max ${fmtMb(rss.max)} (end ${ratio(rss.end, rss.start).toFixed(2)}× start; trend ${sign}${fmtMb(Math.abs(rss.driftPerTenMinutes))} per 10 min); ` +
    `accept→sent p99 start ${fmtMs(p99.start)}, end ${fmtMs(p99.end)}, max ${fmtMs(p99.max)} (end ${ratio(p99.end, p99.start).toFixed(2)}× start)`
  )
}
