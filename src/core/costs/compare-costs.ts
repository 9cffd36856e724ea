import { ParleyError } from '../errors.js'
import type { Instant } from '../shared/time.js'
import type { Pause } from './break-even.js'
import { compareProviders, type ProviderComparison } from './compare-providers.js'
import type { ProviderFeeModel } from './fee-model.js'
import { feeModelFor, type FeeModelChoice } from './account-fee-models.js'
import type { RateCard } from './rate-card.js'
import type { TrafficBucket } from './traffic-bucket.js'

const DAY_MS = 86_400_000

/** The longest period a comparison replays: a quarter. */
export const MAX_COMPARE_DAYS = 92

/** A period's stored traffic, counted (src/store/cost-traffic.ts). */
export interface CostTraffic {
  /** The WhatsApp messages created in [from, to) as buckets of one billing period, and the distinct events behind each rule's. */
  read(from: Instant, to: Instant): Promise<{ buckets: TrafficBucket[]; ruleEvents: Map<string, number> }>
}

export interface CompareCostsDeps {
  traffic: CostTraffic
  rateCards(): readonly RateCard[]
  /** Every fee model to compare (`direct` and the shipped examples). */
  models: readonly ProviderFeeModel[]
  /** The model the business is on now: what savings are against. */
  current(): ProviderFeeModel
  /** Yields to other work between the comparison's steps (a real one: `setImmediate`); none when absent. */
  pause?: Pause
}

/** A comparison and the period it replayed. */
export interface CostComparison extends ProviderComparison {
  from: Instant
  to: Instant
}

/** `parley cost compare` and `GET /v1/costs/compare`: the period's traffic replayed against every fee model. */
export async function compareCosts(deps: CompareCostsDeps, period: { from: Instant; to: Instant }): Promise<CostComparison> {
  const { from, to } = period
  if (!(to > from)) throw new ParleyError('range_invalid', 'the period must end after it starts')
  const days = (to - from) / DAY_MS
  if (days > MAX_COMPARE_DAYS) throw new ParleyError('range_too_long', `a comparison replays at most ${MAX_COMPARE_DAYS} days`)
  const { buckets, ruleEvents } = await deps.traffic.read(from, to)
  return { from, to, ...(await compareProviders({ buckets, ruleEvents, days, cards: deps.rateCards(), models: deps.models, current: deps.current() }, deps.pause)) }
}

/** The period a request names: `from`–`to`, or the `days` before `to` (default: now); 30 days when it names none. */
export function comparePeriod(request: { days?: number; from?: Instant; to?: Instant }, now: Instant): { from: Instant; to: Instant } {
  const to = request.to ?? (request.from !== undefined && request.days !== undefined ? request.from + request.days * DAY_MS : now)
  const from = request.from ?? to - (request.days ?? 30) * DAY_MS
  return { from, to }
}

/**
 * The model a comparison's savings are against: the one the default sender's account is priced
 * with (its `feeModel`, else PARLEY_PROVIDER_FEE_MODEL). A setup with accounts on different
 * models is compared against its default account's.
 */
export function currentFeeModel(costs: FeeModelChoice, defaultAccount: string): ProviderFeeModel {
  return feeModelFor(defaultAccount, costs)
}
