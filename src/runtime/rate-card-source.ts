import { cardsInForce, type RateCardEntry, type RateCardStore } from '../core/costs/cards-in-force.js'
import type { CostFileError } from '../core/costs/decimal.js'
import { parseRateCardCsv, parseRateCardYaml, rateCardFromValue } from '../core/costs/rate-card-file.js'
import type { RateCard } from '../core/costs/rate-card.js'
import type { Clock } from '../core/ports.js'
import type { Logger } from './logger.js'

/** A card to import, as it arrived: a parsed JSON value, or the text of a YAML or CSV file. */
export type RateCardInput = { format: 'value'; value: unknown } | { format: 'yaml' | 'csv'; text: string }

export type ImportResult = { ok: true; entry: RateCardEntry; replaced: boolean } | { ok: false; issues: CostFileError[] }

/** The rate cards in force in this process: the shipped files and the imported cards, kept fresh. */
export interface RateCardSource {
  /** The cards in force, by effective date (what pricing takes). */
  current(): readonly RateCard[]
  /** The same, with where each came from. */
  entries(): readonly RateCardEntry[]
  /** Validates a card and, if valid, keeps it (replacing one with its id) and puts it in force here at once. */
  import(input: RateCardInput): Promise<ImportResult>
  /** Reads the imported cards again now. */
  refresh(): Promise<void>
  close(): void
}

function parse(input: RateCardInput) {
  if (input.format === 'value') return rateCardFromValue(input.value)
  return input.format === 'csv' ? parseRateCardCsv(input.text) : parseRateCardYaml(input.text)
}

/**
 * Imported cards live in the database so that every process prices with them; each process reads
 * them again every `refreshMs` (an import by the CLI or by another server is in force everywhere
 * within that), and at once after an import of its own. The bus is in-process only, so it cannot
 * carry the news between processes; one small read every few seconds can.
 */
export async function createRateCardSource(deps: { shipped: readonly RateCard[]; store: RateCardStore; clock: Clock; logger: Logger; refreshMs: number }): Promise<RateCardSource> {
  let entries: readonly RateCardEntry[] = cardsInForce(deps.shipped, [])
  let cards: readonly RateCard[] = entries.map((e) => e.card)
  let reported = ''

  const refresh = async () => {
    const { cards: imported, unreadable } = await deps.store.list()
    entries = cardsInForce(deps.shipped, imported)
    cards = entries.map((e) => e.card)
    // Said once per change, not at every refresh.
    const problem = unreadable.join(',')
    if (problem !== reported && problem !== '') deps.logger.error({ documents: unreadable }, 'imported rate cards that no longer read as cards are not in force; import them again')
    reported = problem
  }
  await refresh()
  const timer = deps.refreshMs > 0 ? setInterval(() => void refresh().catch((error: unknown) => deps.logger.warn({ err: error }, 'rate cards could not be read again; the ones in force stay')), deps.refreshMs) : undefined
  timer?.unref()

  return {
    current: () => cards,
    entries: () => entries,
    async import(input) {
      const parsed = parse(input)
      if (!parsed.ok) return { ok: false, issues: parsed.errors }
      // Replaced: a card with its id was in force, shipped or imported.
      const replaced = entries.some((e) => e.card.id === parsed.value.id)
      await deps.store.save(parsed.value, deps.clock.now())
      await refresh()
      deps.logger.info({ card: parsed.value.id, replaced }, 'rate card imported')
      return { ok: true, entry: entries.find((e) => e.card.id === parsed.value.id)!, replaced }
    },
    refresh,
    close: () => clearInterval(timer),
  }
}
