/**
 * The reports' benchmarks time a request the same way (bench/dashboard.ts, bench/costs.ts): a few
 * warm-up calls that are not counted (they fill caches and prepare statements), then repeated
 * calls one after another, and print one table row per figure.
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

/**
 * Runs `run` `warmup` times uncounted, then `repeat` times timed; milliseconds. `pauseMs` waits on
 * a timer between calls, untimed: a synchronous `run` then lets the timers due meanwhile fire (an
 * event-loop delay monitor sees each call's stall, not their sum).
 */
export async function timeRepeated(run: () => Promise<unknown>, options: { repeat: number; warmup?: number; pauseMs?: number }): Promise<Timing> {
  const warmup = options.warmup ?? 2
  const samples: number[] = []
  for (let i = 0; i < options.repeat + warmup; i++) {
    const started = performance.now()
    await run()
    if (i >= warmup) samples.push(performance.now() - started)
    if (options.pauseMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
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
