import type { ProviderFeeModel } from './fee-model.js'
import { priceBuckets, type CardForDay } from './price-buckets.js'
import type { TrafficBucket } from './traffic-bucket.js'

/**
 * Lets the event loop run other work between two long steps of a comparison (the caller passes
 * `setImmediate` in a promise); a comparison over a million messages is a few hundred of them.
 */
export type Pause = () => Promise<void>

/** One model's monthly total at a given volume of the same mix (micro-units). */
export type TotalAt = (volume: number) => number

/** Where two models cost the same: the monthly volume, and which is cheaper on each side. */
export interface BreakEven {
  a: string
  b: string
  /** Messages sent a month from which on `cheaperAbove` is cheaper; null when they never cross in the range searched. */
  volume: number | null
  /** Without a crossing, both name the one cheaper throughout (null: they cost the same throughout). */
  cheaperBelow: string | null
  cheaperAbove: string | null
  /** The largest volume searched. */
  searchedUpTo: number
}

/** The outbound messages of a mix: the volume a break-even is said in (what a business counts as "messages a month"). */
export const sentVolume = (buckets: readonly TrafficBucket[]): number => buckets.reduce((n, b) => n + (b.direction === 'outbound' ? b.count : 0), 0)

/**
 * A model's monthly total at `volume` messages sent, the rest of the mix (inbound, categories,
 * markets, windows) scaled alike, each bucket's count rounded; numbers and subscriptions stay.
 */
export function totalAtVolume(mix: readonly TrafficBucket[], cardFor: CardForDay, model: ProviderFeeModel): TotalAt {
  const base = sentVolume(mix)
  const numbers = new Set(mix.map((b) => b.number)).size
  const memo = new Map<number, number>()
  return (volume) => {
    const known = memo.get(volume)
    if (known !== undefined) return known
    const scaled = scaleMix(mix, base === 0 ? 0 : volume / base)
    const total = priceBuckets(scaled, cardFor, model).reduce((sum, p) => sum + p.platform + p.provider, 0) + numbers * model.subscriptionPerNumberPerMonth
    memo.set(volume, total)
    return total
  }
}

/**
 * Whole counts for `counts × factor` that add up to the rounded scaled total (largest remainders
 * first): the volume a break-even names is then exactly the one priced.
 */
export function apportion(counts: readonly number[], factor: number): number[] {
  const exact = counts.map((c) => c * factor)
  const whole = exact.map(Math.floor)
  let left = Math.round(exact.reduce((s, x) => s + x, 0)) - whole.reduce((s, x) => s + x, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1])
  for (const [, i] of order) {
    if (left <= 0) break
    whole[i]! += 1
    left -= 1
  }
  return whole
}

/** The mix scaled by `factor`, sent and received apportioned each on their own. */
function scaleMix(mix: readonly TrafficBucket[], factor: number): TrafficBucket[] {
  const scaled = [...mix]
  for (const direction of ['outbound', 'inbound'] as const) {
    const at = mix.flatMap((b, i) => (b.direction === direction ? [i] : []))
    const counts = apportion(at.map((i) => mix[i]!.count), factor)
    at.forEach((i, k) => (scaled[i] = { ...mix[i]!, count: counts[k]! }))
  }
  return scaled.filter((b) => b.count > 0)
}

/** Volumes to look for a change of sign at: log-spaced from 1 to `upTo`, whole numbers, ascending. */
export function searchGrid(upTo: number, points = 64): number[] {
  const grid = new Set<number>([1])
  for (let i = 1; i <= points; i += 1) grid.add(Math.max(1, Math.round(Math.exp((Math.log(upTo) * i) / points))))
  return [...grid].sort((x, y) => x - y)
}

/**
 * The first volume in `grid`'s range where the cheaper of two models changes: totals are piecewise
 * linear in the volume (allowances and tiers bend them), so a change of sign between two grid
 * points is narrowed to the whole message by bisection. No change of sign: a null volume.
 */
export async function breakEven(a: { id: string; totalAt: TotalAt }, b: { id: string; totalAt: TotalAt }, grid: readonly number[], pause: Pause): Promise<BreakEven> {
  // Each volume prices the whole mix twice: the caller's `pause` lets other work in between.
  const sign = async (v: number) => {
    await pause()
    return Math.sign(a.totalAt(v) - b.totalAt(v))
  }
  const searchedUpTo = grid[grid.length - 1] ?? 0
  let below = 0
  let lo = 0
  for (const v of grid) {
    const s = await sign(v)
    if (s === 0) continue
    if (below === 0) {
      below = s
      lo = v
      continue
    }
    if (s === below) {
      lo = v
      continue
    }
    let hi = v
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if ((await sign(mid)) === below) lo = mid
      else hi = mid
    }
    const [cheaperBelow, cheaperAbove] = below < 0 ? [a.id, b.id] : [b.id, a.id]
    return { a: a.id, b: b.id, volume: hi, cheaperBelow, cheaperAbove, searchedUpTo }
  }
  const throughout = below < 0 ? a.id : below > 0 ? b.id : null
  return { a: a.id, b: b.id, volume: null, cheaperBelow: throughout, cheaperAbove: throughout, searchedUpTo }
}
