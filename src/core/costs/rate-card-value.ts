import type { MarketRates, RateCard, TierTable } from './rate-card.js'

/*
 * A card back in its file form (the snake_case keys of cards/*.yaml, prices in decimal currency
 * units), as a JSON value: how an imported card is kept and how the API shows one. Reading the
 * value again with `rateCardFromValue` gives the same card (test/core/costs/rate-card-store.test.ts).
 */

/** Micro-units as a decimal number: `6800` → `0.0068` (exact: its shortest text form has ≤ 6 places). */
function price(micros: number): number {
  return micros / 1_000_000
}

function tiers(table: TierTable): number | Array<{ from: number; price: number }> {
  return table.length === 1 && table[0]!.from === 0 ? price(table[0]!.micros) : table.map((t) => ({ from: t.from, price: price(t.micros) }))
}

function market(rates: MarketRates): Record<string, unknown> {
  return {
    marketing: tiers(rates.marketing),
    utility: tiers(rates.utility),
    authentication: tiers(rates.authentication),
    ...(rates.authentication_international === undefined ? {} : { authentication_international: tiers(rates.authentication_international) }),
    service: tiers(rates.service),
  }
}

function day(at: number): string {
  const iso = new Date(at).toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
}

/** The card as the value of a rate card file (JSON or YAML). */
export function rateCardToValue(card: RateCard): Record<string, unknown> {
  return {
    kind: 'rate_card',
    id: card.id,
    model: card.model,
    currency: card.currency,
    effective_from: day(card.effectiveFrom),
    ...(card.effectiveUntil === undefined ? {} : { effective_until: day(card.effectiveUntil) }),
    source: card.source,
    retrieved: card.retrieved,
    free_in_window: [...card.freeInWindow],
    free_allowance: card.freeAllowance === null ? null : { per_number_per_month: card.freeAllowance.perNumberPerMonth, categories: [...card.freeAllowance.categories] },
    free_entry_point_hours: card.freeEntryPointHours,
    markets: Object.fromEntries(Object.entries(card.markets).map(([name, rates]) => [name, market(rates)])),
  }
}
