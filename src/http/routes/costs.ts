import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RateCardEntry } from '../../core/costs/cards-in-force.js'
import { RATE_CATEGORIES } from '../../core/costs/rate-card.js'
import { rateCardToValue } from '../../core/costs/rate-card-value.js'
import { ParleyError } from '../../core/errors.js'
import { toIso } from '../../core/shared/time.js'
import type { RateCardInput, RateCardSource } from '../../runtime/rate-card-source.js'
import { errorSchema } from '../schemas.js'

const tiers = z.union([z.number(), z.array(z.object({ from: z.number(), price: z.number() }))])
const category = z.enum(RATE_CATEGORIES)

/** A card in its file form (the keys of src/core/costs/cards/*.yaml), as the API shows it. */
const cardSchema = z.object({
  kind: z.literal('rate_card'),
  id: z.string(),
  model: z.enum(['per_message', 'per_template']),
  currency: z.string(),
  effective_from: z.string(),
  effective_until: z.string().optional(),
  source: z.string(),
  retrieved: z.string(),
  free_in_window: z.array(category),
  free_allowance: z.object({ per_number_per_month: z.number(), categories: z.array(category) }).nullable(),
  free_entry_point_hours: z.number(),
  markets: z.record(
    z.string(),
    z.object({ marketing: tiers, utility: tiers, authentication: tiers, authentication_international: tiers.optional(), service: tiers }),
  ),
})

const entrySchema = z.object({
  id: z.string(),
  origin: z.enum(['shipped', 'imported']),
  /** When it was imported; null for a shipped card. */
  imported_at: z.string().nullable(),
  card: cardSchema,
})

function view(entry: RateCardEntry): z.infer<typeof entrySchema> {
  return {
    id: entry.card.id,
    origin: entry.origin.kind,
    imported_at: entry.origin.kind === 'imported' ? toIso(entry.origin.importedAt) : null,
    card: rateCardToValue(entry.card) as z.infer<typeof cardSchema>,
  }
}

const TEXT_TYPES: Readonly<Record<string, 'csv' | 'yaml'>> = { 'text/csv': 'csv', 'text/yaml': 'yaml', 'application/yaml': 'yaml', 'application/x-yaml': 'yaml' }

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase()

/** The platform's rate cards in force (shipped and imported), and importing one (`parley cost rates import` does the same). */
export const costRoutes: FastifyPluginAsyncZod<{ rateCards: RateCardSource }> = async (app, { rateCards }) => {
  // A file's text stands in the body as `{text}`; the content type, not the body, says it was a file.
  app.addContentTypeParser(Object.keys(TEXT_TYPES), { parseAs: 'string' }, (_request, body, done) => done(null, { text: body }))

  app.get(
    '/v1/costs/rates',
    {
      schema: {
        summary: 'The rate cards in force',
        description: 'The shipped cards and the imported ones, by effective date; an imported card with a shipped card\'s id replaces it. Prices are in the card\'s currency per delivered message.',
        tags: ['costs'],
        response: { 200: z.object({ cards: z.array(entrySchema) }), 401: errorSchema },
      },
    },
    async () => ({ cards: rateCards.entries().map(view) }),
  )

  app.put(
    '/v1/costs/rates',
    {
      schema: {
        summary: 'Import a rate card',
        description:
          'The card as JSON (the keys of a YAML card file), or the file itself as `text/yaml` or `text/csv` (see README "What it costs"). A card with the id of one in force replaces it, in every Parley process within `PARLEY_COST_RATES_REFRESH_MS`. An invalid card changes nothing and answers 422 `rate_card_invalid` with every mistake in `details.issues`.',
        tags: ['costs'],
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ card: entrySchema, replaced: z.boolean() }), 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const format = TEXT_TYPES[mediaType(request.headers['content-type'])]
      const input: RateCardInput = format === undefined ? { format: 'value', value: request.body } : { format, text: String(request.body.text) }
      return importCard(rateCards, input)
    },
  )
}

/** Imports through the source; an invalid card is the API's `rate_card_invalid`, with every mistake. */
async function importCard(rateCards: RateCardSource, input: RateCardInput) {
  const result = await rateCards.import(input)
  if (!result.ok) {
    const summary = result.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')
    throw new ParleyError('rate_card_invalid', `The rate card has errors: ${summary}`, { issues: result.issues })
  }
  return { card: view(result.entry), replaced: result.replaced }
}
