/** A value seen `count` times. */
export interface Weighted {
  value: number
  count: number
}

/**
 * The nearest-rank percentile (`p` in (0, 1]) of weighted values: the smallest value with at least
 * p of all counts at or below it, so it is always a value that was seen; null when there are none.
 * The median of 1, 2, 3, 4 is 2 by this rule.
 */
export function percentile(values: readonly Weighted[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile ${p} is not in (0, 1]`)
  const sorted = values.filter((v) => v.count > 0).sort((a, b) => a.value - b.value)
  const total = sorted.reduce((sum, v) => sum + v.count, 0)
  if (total === 0) return null
  const rank = Math.ceil(p * total)
  let seen = 0
  for (const v of sorted) {
    seen += v.count
    if (seen >= rank) return v.value
  }
  return sorted[sorted.length - 1]!.value
}

/** `part / whole` to four decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  if (whole === 0) return null
  return Math.round((part / whole) * 10_000) / 10_000
}
