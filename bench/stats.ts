/** Small numeric helpers for the benchmark: percentiles, rates and the way figures are printed. */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export interface Spread {
  p50: number
  p99: number
  max: number
  count: number
}

export function spread(samples: readonly number[]): Spread {
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.length === 0 ? Number.NaN : samples.reduce((a, b) => Math.max(a, b), -Infinity),
    count: samples.length,
  }
}

/** Items per second over a span in milliseconds. */
export function perSecond(items: number, ms: number): number {
  return ms > 0 ? (items * 1000) / ms : Number.NaN
}

/** `a / b` as a ratio, NaN when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): number {
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN
}

export function fmtRate(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—'
}

export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return '—'
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`
}

export function fmtRatio(value: number): string {
  if (!Number.isFinite(value)) return '—'
  // Two decimals hide a small ratio (0.0018× would print as 0.00×): keep two significant digits there.
  return value >= 0.1 ? `${value.toFixed(2)}×` : `${value.toPrecision(2)}×`
}

export function fmtMb(bytes: number): string {
  return Number.isFinite(bytes) ? `${Math.round(bytes / (1024 * 1024))} MB` : '—'
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
