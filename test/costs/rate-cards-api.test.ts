import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../src/core/costs/default-rate-cards.js'
import { rateCardFromValue } from '../../src/core/costs/rate-card-file.js'
import { rateCardAt } from '../../src/core/costs/rate-card.js'
import { rateCardToValue } from '../../src/core/costs/rate-card-value.js'
import { createParley, type Parley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const CSV = [
  '# id: my-card-2027-01',
  '# model: per_message',
  '# currency: USD',
  '# effective_from: 2027-01-01',
  '# source: Meta rate card CSV, downloaded by hand',
  '# retrieved: 2026-12-20',
  '# free_allowance: {per_number_per_month: 1000, categories: [service]}',
  'market,category,tier_from,price',
  'BR,marketing,0,0.07',
  'BR,utility,0,0.0070',
  'BR,utility,100000,0.0065',
  'BR,authentication,0,0.0070',
  'BR,service,0,0.0070',
  'other,marketing,0,0.06',
  'other,utility,0,0.008',
  'other,authentication,0,0.008',
  'other,service,0,0.008',
].join('\n')

it('a card in its file form reads back as the same card (how an imported card is kept)', () => {
  for (const card of DEFAULT_RATE_CARDS) expect(rateCardFromValue(rateCardToValue(card))).toEqual({ ok: true, value: card })
})

describeEachDatabase('the rate cards in force', (dialect) => {
  let h: Harness
  let other: Parley
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
    // A second process on the same database (a worker, or the CLI's): it reads imported cards again every 50 ms.
    other = await createParley({ ...h.config, costs: { ...h.config.costs, ratesRefreshMs: 50 } }, { roles: { api: false, worker: false }, logger: createLogger('silent'), database: h.db.database })
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  /** A card file's text as the body, as `curl --data-binary @rates.csv -H 'content-type: text/csv'` sends it. */
  const putText = async (text: string, type: string) => {
    const res = await fetch(`${h.url}/v1/costs/rates`, { method: 'PUT', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': type }, body: text })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('are the shipped cards at first, with their source and dates', async () => {
    const res = await h.api('GET', '/v1/costs/rates')
    expect(res.status).toBe(200)
    expect(res.body.cards.map((c: { id: string; origin: string }) => [c.id, c.origin])).toEqual([
      ['meta-pmp-2025-07', 'shipped'],
      ['meta-pmp-2026-10', 'shipped'],
    ])
    expect(res.body.cards[1]).toMatchObject({ imported_at: null, card: { effective_from: '2026-10-01', retrieved: '2026-12-02', free_allowance: { per_number_per_month: 1000 } } })
    expect(res.body.cards[1].card.markets.BR).toEqual({ marketing: 0.0625, utility: 0.0068, authentication: 0.0068, service: 0.0068 })
  })

  it('refuse an invalid card with every mistake, and change nothing', async () => {
    const bad = await h.api('PUT', '/v1/costs/rates', { kind: 'rate_card', id: 'x', model: 'per_message', currency: 'usd', effective_from: '2027-13-01', source: 's', retrieved: '2027-01-01', markets: { BR: { service: 0 } } })
    expect(bad.status).toBe(422)
    expect(bad.body.error.code).toBe('rate_card_invalid')
    const paths = bad.body.error.details.issues.map((i: { path: string }) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['currency', 'effective_from', 'markets.BR.marketing']))
    const csv = await putText(CSV.replace('BR,utility,0,0.0070', 'BR,utility,0,cheap'), 'text/csv')
    expect(csv.status).toBe(422)
    expect(csv.body.error.details.issues).toEqual([{ path: 'markets.BR.utility.0.price', message: expect.stringContaining('"cheap" is not a price') }])
    const short = await putText(CSV.replace('BR,utility,100000,0.0065', 'BR,utility,0.0065'), 'text/csv')
    expect(short.body.error.details.issues).toEqual([{ path: 'line 11', message: expect.stringContaining('expected market,category,tier_from,price') }])
    expect((await h.api('GET', '/v1/costs/rates')).body.cards).toHaveLength(2)
  })

  it('take an imported card (CSV, YAML or JSON), in this process at once and in the others within the refresh', async () => {
    const put = await putText(CSV, 'text/csv')
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body).toMatchObject({ replaced: false, card: { id: 'my-card-2027-01', origin: 'imported', card: { markets: { BR: { utility: [{ from: 0, price: 0.007 }, { from: 100000, price: 0.0065 }] } } } } })
    expect(Date.parse(put.body.card.imported_at)).toBeGreaterThan(0)
    const listed = (await h.api('GET', '/v1/costs/rates')).body.cards.map((c: { id: string; origin: string }) => [c.id, c.origin])
    expect(listed).toEqual([['meta-pmp-2025-07', 'shipped'], ['meta-pmp-2026-10', 'shipped'], ['my-card-2027-01', 'imported']])
    // The event decisions price with the list in force: they see the new card from its date on.
    expect(rateCardAt(h.parley.events.rateCards(), Date.UTC(2027, 0, 2)).id).toBe('my-card-2027-01')
    await eventually(async () => other.events.rateCards().some((c) => c.id === 'my-card-2027-01'), 5000, 'the other process to read the imported card')
  })

  it('let a later card with the same id replace the one in force, shipped or imported', async () => {
    const shipped = rateCardToValue(DEFAULT_RATE_CARDS[1]!) as { markets: Record<string, Record<string, unknown>> }
    const corrected = { ...shipped, markets: { ...shipped.markets, BR: { ...shipped.markets.BR, utility: 0.0071 } } }
    const put = await h.api('PUT', '/v1/costs/rates', corrected)
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body).toMatchObject({ replaced: true, card: { id: 'meta-pmp-2026-10', origin: 'imported' } })
    const yaml = `${CSV.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2)).join('\n')}\nkind: rate_card\nmarkets:\n  other: { marketing: 0.05, utility: 0.005, authentication: 0.005, service: 0.005 }\n`
    const again = await putText(yaml, 'text/yaml; charset=utf-8')
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body.replaced).toBe(true)
    const cards = (await h.api('GET', '/v1/costs/rates')).body.cards
    expect(cards.map((c: { id: string }) => c.id)).toEqual(['meta-pmp-2025-07', 'meta-pmp-2026-10', 'my-card-2027-01'])
    expect(cards[1].card.markets.BR.utility).toBe(0.0071)
    expect(Object.keys(cards[2].card.markets)).toEqual(['other'])
    await eventually(async () => rateCardAt(other.events.rateCards(), Date.UTC(2026, 9, 5)).markets.BR?.utility[0]?.micros === 7100, 5000, 'the other process to read the corrected card')
  })

  it('need an admin key', async () => {
    const key = await h.api('POST', '/v1/keys', { name: 'reader', scopes: ['messages:read'] })
    expect(key.status).toBe(201)
    const res = await fetch(`${h.url}/v1/costs/rates`, { headers: { authorization: `Bearer ${key.body.secret}` } })
    expect(res.status).toBe(403)
  })
})
