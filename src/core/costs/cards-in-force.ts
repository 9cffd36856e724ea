import type { Instant } from '../shared/time.js'
import type { RateCard } from './rate-card.js'

/** Where a card in force came from: a file shipped with Parley, or one a user imported (kept in the database). */
export type RateCardOrigin = { kind: 'shipped' } | { kind: 'imported'; importedAt: Instant }

export interface RateCardEntry {
  card: RateCard
  origin: RateCardOrigin
}

/** An imported card as kept: the card and when it was imported. */
export interface StoredRateCard {
  card: RateCard
  importedAt: Instant
}

/** Where imported cards are kept, so that every process prices with them (src/store/rate-card-store.ts). */
export interface RateCardStore {
  /** Every imported card, and the names of any kept one that no longer reads as a card (e.g. after an upgrade). */
  list(): Promise<{ cards: StoredRateCard[]; unreadable: string[] }>
  /** Keeps a card; an imported one with the same id is replaced. */
  save(card: RateCard, now: Instant): Promise<void>
}

/**
 * The list in force: the shipped cards, then the imported ones in import order; a later card with the
 * same id replaces the earlier (so a user can correct a shipped card by importing one with its id).
 * Ordered by effective date, which is how `rateCardAt` and a reader take them.
 */
export function cardsInForce(shipped: readonly RateCard[], imported: readonly StoredRateCard[]): RateCardEntry[] {
  const byId = new Map<string, RateCardEntry>()
  for (const card of shipped) byId.set(card.id, { card, origin: { kind: 'shipped' } })
  for (const { card, importedAt } of [...imported].sort((a, b) => a.importedAt - b.importedAt)) {
    byId.delete(card.id)
    byId.set(card.id, { card, origin: { kind: 'imported', importedAt } })
  }
  return [...byId.values()].sort((a, b) => a.card.effectiveFrom - b.card.effectiveFrom)
}
