import type { RateCardStore, StoredRateCard } from '../core/costs/cards-in-force.js'
import { rateCardFromValue } from '../core/costs/rate-card-file.js'
import { rateCardToValue } from '../core/costs/rate-card-value.js'
import type { Database } from './dialect.js'

/** One row of `documents` per imported card, named by its id; the body is the card in its file form. */
const PREFIX = 'rate-card:'

/** The RateCardStore port over Kysely. A kept card is validated again when read, like a file. */
export function createRateCardStore(database: Database): RateCardStore {
  const { db } = database
  return {
    async list() {
      const rows = await db.selectFrom('documents').select(['name', 'body', 'updated_at']).where('name', 'like', `${PREFIX}%`).orderBy('updated_at').orderBy('name').execute()
      const cards: StoredRateCard[] = []
      const unreadable: string[] = []
      for (const row of rows) {
        let value: unknown
        try {
          value = JSON.parse(row.body)
        } catch {
          unreadable.push(row.name)
          continue
        }
        const result = rateCardFromValue(value)
        if (result.ok) cards.push({ card: result.value, importedAt: row.updated_at })
        else unreadable.push(row.name)
      }
      return { cards, unreadable }
    },
    async save(card, now) {
      const body = JSON.stringify(rateCardToValue(card))
      await db
        .insertInto('documents')
        .values({ name: `${PREFIX}${card.id}`, body, updated_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ body, updated_at: now }))
        .execute()
    },
  }
}
