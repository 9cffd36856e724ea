import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { compareCosts, currentFeeModel } from '../../src/core/costs/compare-costs.js'
import { DEFAULT_RATE_CARDS } from '../../src/core/costs/default-rate-cards.js'
import { DIRECT } from '../../src/core/costs/fee-model.js'
import { bucketFacts } from '../../src/core/costs/traffic-bucket.js'
import { loadFeeModelFiles, shippedCostDir } from '../../src/runtime/cost-files.js'
import { bucketQuery, createCostTraffic } from '../../src/store/cost-traffic.js'
import { schoolTraffic, seeded } from '../core/costs/school-traffic.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { insertTraffic, type Origin } from './traffic-rows.js'

/*
 * A generated 30 days of the Brazil school (README "What it costs": the worked month's mix), stored
 * as messages, replayed against the shipped models. Gupshup's example is pay-as-you-go: $0.001 per
 * message sent plus 6 % of marketing's platform fee, so per message sent of the school's mix
 * 1,000 + 6 % × 62,500 × 1/23 = 1,163 micros; 360dialog's is $25 a month. They break even near
 * 25,000,000 / 1,163 ≈ 21,500 sent a month: a school sending 9,500 is cheaper pay-as-you-go, one
 * sending 40,000 on the licence, and both comparisons name the same break-even.
 */
const NOV = Date.UTC(2026, 10, 1)
const DEC = Date.UTC(2026, 11, 1)
const MODELS = [DIRECT, ...loadFeeModelFiles(shippedCostDir('fee-models'))]
const PAYG = 'gupshup-example'
const LICENCE = '360dialog-regular-example'
const reminders: Origin = (f) => (f.category === 'utility' && f.window === 'closed' ? { rule: 'lesson-reminder', event: `lesson-${f.id.slice(-5, -1)}` } : null)

describeEachDatabase('the cost comparison over stored traffic', (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  async function compare(messages: number, seed: number) {
    t = await openTestDatabase(dialect)
    const facts = schoolTraffic(seeded(seed), messages, NOV, DEC, { failedShare: 0.02 })
    await insertTraffic(t.database.db, facts, reminders)
    const traffic = createCostTraffic(t.database)
    const read = await traffic.read(NOV, DEC)
    // The grouped statement counts what the messages are, bucket for bucket.
    expect(read.buckets).toEqual(bucketFacts(facts, () => 'period', (f) => reminders(f)?.rule ?? null))
    const current = currentFeeModel({ providerFeeModel: MODELS.find((m) => m.id === PAYG)!, accountFeeModels: new Map() }, 'default')
    const result = await compareCosts({ traffic, rateCards: () => DEFAULT_RATE_CARDS, models: MODELS, current: () => current }, { from: NOV, to: DEC })
    await t.close()
    t = undefined
    const total = (id: string) => result.models.find((m) => m.model.id === id)!.total.micros
    const pair = result.breakEvens.find((b) => [b.a, b.b].includes(PAYG) && [b.a, b.b].includes(LICENCE))!
    return { result, payg: total(PAYG), licence: total(LICENCE), pair }
  }

  it('finds pay-as-you-go cheaper below the break-even and the subscription above it, with the same break-even', async () => {
    const small = await compare(12_000, 1)
    expect(small.result.volume.sent).toBeLessThan(21_000)
    expect(small.payg).toBeLessThan(small.licence)
    const large = await compare(50_000, 2)
    expect(large.result.volume.sent).toBeGreaterThan(22_000)
    expect(large.licence).toBeLessThan(large.payg)
    for (const { pair } of [small, large]) {
      expect(pair).toMatchObject({ cheaperBelow: PAYG, cheaperAbove: LICENCE })
      expect(pair.volume).toBeGreaterThan(20_500)
      expect(pair.volume).toBeLessThan(22_500)
    }
    // The saving is against the current model (pay-as-you-go here): the licence saves at the large school.
    expect(large.result.models.find((m) => m.model.id === LICENCE)!.savingVsCurrent.micros).toBe(large.payg - large.licence)
    // A reminder costs 6,800 + 1,000 micros delivered, nothing failed (2 % of them): on average a little under 7,800.
    const [rule] = large.result.rules
    expect(rule).toMatchObject({ rule: 'lesson-reminder', messagesPerEvent: expect.any(Number) })
    expect(rule!.averageMessageCost.micros).toBeGreaterThan(7_800 * 0.96)
    expect(rule!.averageMessageCost.micros).toBeLessThan(7_800)
  }, 60_000)

  it.runIf(dialect === 'sqlite')('reads migration 0032\'s index in order on SQLite, sorting nothing (PostgreSQL groups by hashing: no index)', async () => {
    t = await openTestDatabase(dialect)
    const query = bucketQuery(NOV, DEC).compile(t.database.db)
    // sql.raw takes no parameters: the plan of the same text with its values in place.
    const inlined = query.parameters.reduce<string>((text, value) => text.replace('?', String(value)), query.sql)
    const planned = (await sql.raw<{ detail: string }>(`explain query plan ${inlined}`).execute(t.database.db)).rows.map((r) => r.detail)
    expect(planned.join('\n')).toContain('USING INDEX messages_cost_traffic')
    expect(planned.join('\n')).not.toContain('TEMP B-TREE')
  })
})
