import type { RateCategory } from './rate-card.js'

/** A per-message fee: flat micro-units, or a share of the platform's charge for that message (in basis points: 600 = 6 %). */
export type FeeAmount = { kind: 'flat'; micros: number } | { kind: 'percent_of_platform'; basisPoints: number }

/** One line of a provider's price list; every rule a message matches adds up. */
export interface MessageFeeRule {
  direction: 'outbound' | 'inbound' | 'any'
  /** The platform categories it applies to (`service` = a non-template message); `all` for every one. */
  categories: readonly RateCategory[] | 'all'
  amount: FeeAmount
}

/**
 * What a provider (BSP) charges on top of the platform's fees, as data (src/core/costs/fee-models/*.yaml
 * or a user's own file). docs/platform.md §6.3 lists the shapes seen: a fee per message by direction,
 * a markup on the platform fee, a monthly licence per number, a setup fee, a failed-message fee.
 */
export interface ProviderFeeModel {
  id: string
  name: string
  currency: string
  source: string
  retrieved: string
  /** True for the shipped examples modelled on public price pages: check the provider's page before relying on it. */
  example: boolean
  note?: string
  /** Charged for every number for every month it is active (a whole month, not pro rata). */
  subscriptionPerNumberPerMonth: number
  /** Charged once per number, in the month it was onboarded. */
  setupFeePerNumber: number
  messageFees: readonly MessageFeeRule[]
  /** The first N messages per number per month carry no flat per-message fee (percent fees still apply). */
  freeMessagesPerNumberPerMonth: number
  /** Charged instead of the per-message fees for an outbound message that failed. */
  failedMessageFee: number
  /** What it charges per SMS segment (docs/platform.md §7.4: SMS is billed by segment); absent: its SMS are not priced. */
  sms?: { perSegment: number; inboundPerSegment: number }
}

/** Parley's own model for sending through the platform directly: no fees on top. */
export const DIRECT: ProviderFeeModel = Object.freeze({
  id: 'direct',
  name: 'Meta Cloud API, direct',
  currency: 'USD',
  source: 'docs/platform.md §6.3',
  retrieved: '2026-12-02',
  example: false,
  subscriptionPerNumberPerMonth: 0,
  setupFeePerNumber: 0,
  messageFees: [],
  freeMessagesPerNumberPerMonth: 0,
  failedMessageFee: 0,
})
