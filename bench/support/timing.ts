import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * The reports' benchmarks time a request the same way (bench/dashboard.ts, bench/costs.ts): a few
 * warm-up calls that are not counted (they fill caches and prepare statements), then repeated
 * calls one after another (or in turns with a baseline), and print one table row per figure.
 */

export interface Timing {
  median: number
  p95: number
  max: number
  samples: number[]
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Runs `run` `warmup` times uncounted, then `repeat` times timed; milliseconds. */
export async function timeRepeated(run: () => Promise<unknown>, options: { repeat: number; warmup?: number }): Promise<Timing> {
  const warmup = options.warmup ?? 2
  const samples: number[] = []
  for (let i = 0; i < options.repeat + warmup; i++) {
    const started = performance.now()
    await run()
    if (i >= warmup) samples.push(performance.now() - started)
  }
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]!, samples }
}

export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : 0)} ms` : '—')

/** A ratio; below 0.1 with two significant digits (0.0039 would print as ×0.00). */
export const times = (n: number, digits = 2) => (!Number.isFinite(n) ? '—' : n < 0.1 ? `×${n.toPrecision(2)}` : `×${n.toFixed(digits)}`)

/** One row of a printed table: the label padded to `width`, each cell right-aligned to its own width. */
export function tableRow(label: string, width: number, cells: ReadonlyArray<readonly [text: string, width: number]>): string {
  return `  ${label.padEnd(width)}${cells.map(([text, w]) => ` ${text.padStart(w)}`).join('')}`
}

export type TimingWithStall = Timing & {
  /** The event loop's longest stall while the calls ran: the longest interval of a 10 ms timer, less those 10 ms. */
  stallMs: number
}

const RESOLUTION_MS = 10

/**
 * Several calls timed in turns (one of each per round), so that a shared machine whose load drifts
 * over minutes weighs on each alike and their ratio holds. Each call has a delay monitor of its own,
 * started and given a first tick before the call (a monitor switched off and on again counts the
 * time it was off as a delay; a fresh one misses a stall before its first tick), and an untimed
 * `pauseMs` wait on a timer after it, so that the monitor's timer fires after a call that held the loop.
 */
export async function timeInTurns(runs: ReadonlyArray<() => Promise<unknown>>, options: { repeat: number; warmup?: number; pauseMs: number }): Promise<TimingWithStall[]> {
  const warmup = options.warmup ?? 2
  const samples = runs.map((): number[] => [])
  const stalls = runs.map(() => Number.NaN)
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  for (let round = 0; round < warmup + options.repeat; round++) {
    for (const [i, run] of runs.entries()) {
      const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
      monitor.enable()
      await wait(RESOLUTION_MS * 1.5)
      const started = performance.now()
      await run()
      const elapsed = performance.now() - started
      await wait(options.pauseMs)
      monitor.disable()
      if (round < warmup) continue
      samples[i]!.push(elapsed)
      const stall = Math.max(0, monitor.max / 1e6 - RESOLUTION_MS)
      stalls[i] = Number.isNaN(stalls[i]!) ? stall : Math.max(stalls[i]!, stall)
    }
  }
  return samples.map((s, i) => {
    const sorted = [...s].sort((a, b) => a - b)
    return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]!, samples: s, stallMs: stalls[i]! }
  })
}
