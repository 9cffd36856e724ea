import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { CostGroup, CostReportRow } from '../../src/core/costs/cost-report.js'
import { reportCosts } from '../../src/core/costs/report-costs.js'
import { createCostReports } from '../../src/store/cost-reports.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { NOW, seedCostReport } from './cost-report-fixtures.js'

const row = (key: string | null, currency: string | null, figures: Partial<CostReportRow>): CostReportRow => ({
  key,
  label: null,
  currency,
  outbound: 0,
  inbound: 0,
  failed: 0,
  delivered: 0,
  read: 0,
  replied: 0,
  estimates: 0,
  freeAllowance: 0,
  platformMicros: 0,
  providerMicros: 0,
  totalMicros: 0,
  averageMicros: currency === null ? null : 0,
  perDeliveredMicros: null,
  perReadMicros: null,
  perRepliedMicros: null,
  ...figures,
})

// UTC, 1–4 December: messages 1–9 and 11 (10 is on 30 November).
const TOTAL_USD = row(null, 'USD', {
  outbound: 5, // 1, 3, 4, 5, 7
  inbound: 3, // 2, 6, 11
  failed: 1,
  delivered: 4, // 1, 3, 4, 7
  read: 2,
  replied: 2, // 1 (by 2), 5 (by 6)
  estimates: 1, // 4
  freeAllowance: 1,
  platformMicros: 76_100, // 6,800 + 62,500 + 6,800
  providerMicros: 5_700, // 1,000 × 4 + 200 + 500 × 3
  totalMicros: 81_800,
  averageMicros: 10_225, // 81,800 / 8
  perDeliveredMicros: 20_450,
  perReadMicros: 40_900,
  perRepliedMicros: 40_900,
})
const TOTAL_EUR = row(null, 'EUR', { outbound: 1, estimates: 1, platformMicros: 110_000, totalMicros: 110_000, averageMicros: 110_000 })
const TOTAL_UNPRICED = row(null, null, { outbound: 1, delivered: 1 })

describeEachDatabase('cost reports', (dialect) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase(dialect)
    await seedCostReport(t.database)
  })
  afterAll(async () => t?.close())

  const report = (groupBy: CostGroup, range: { from?: string; to?: string; zone?: string } = {}) =>
    reportCosts(createCostReports(t.database), { days: 30, zone: 'UTC', from: '2026-12-01', to: '2026-12-04', groupBy, ...range }, NOW)

  it('groups by UTC day: finals where known, estimates otherwise, with averages and totals per currency', async () => {
    const r = await report('day')
    expect(r.totals).toEqual([TOTAL_EUR, TOTAL_USD, TOTAL_UNPRICED])
    expect(r.rows).toEqual([
      row('2026-12-01', 'USD', { outbound: 2, inbound: 1, delivered: 2, read: 1, replied: 1, platformMicros: 69_300, providerMicros: 2_500, totalMicros: 71_800, averageMicros: 23_933, perDeliveredMicros: 35_900, perReadMicros: 71_800, perRepliedMicros: 71_800 }),
      row('2026-12-02', 'USD', { outbound: 2, inbound: 1, failed: 1, delivered: 1, replied: 1, estimates: 1, freeAllowance: 1, providerMicros: 1_700, totalMicros: 1_700, averageMicros: 567, perDeliveredMicros: 1_700, perRepliedMicros: 1_700 }),
      row('2026-12-03', 'EUR', { outbound: 1, estimates: 1, platformMicros: 110_000, totalMicros: 110_000, averageMicros: 110_000 }),
      row('2026-12-03', 'USD', { outbound: 1, delivered: 1, read: 1, platformMicros: 6_800, providerMicros: 1_000, totalMicros: 7_800, averageMicros: 7_800, perDeliveredMicros: 7_800, perReadMicros: 7_800 }),
      row('2026-12-03', null, { outbound: 1, delivered: 1 }),
      row('2026-12-04', 'USD', { inbound: 1, providerMicros: 500, totalMicros: 500, averageMicros: 500 }),
    ])
  })

  it('counts days in the zone: in Kolkata message 10 joins 1 December and message 3 moves to the 2nd', async () => {
    const r = await report('day', { zone: 'Asia/Kolkata' })
    expect(r.start).toBe(Date.parse('2026-11-30T18:30:00Z'))
    expect(r.rows.slice(0, 2)).toEqual([
      row('2026-12-01', 'USD', { outbound: 2, inbound: 1, delivered: 2, read: 1, replied: 2, platformMicros: 13_600, providerMicros: 2_500, totalMicros: 16_100, averageMicros: 5_367, perDeliveredMicros: 8_050, perReadMicros: 16_100, perRepliedMicros: 8_050 }),
      row('2026-12-02', 'USD', { outbound: 3, inbound: 1, failed: 1, delivered: 2, replied: 1, estimates: 1, freeAllowance: 1, platformMicros: 62_500, providerMicros: 2_700, totalMicros: 65_200, averageMicros: 16_300, perDeliveredMicros: 32_600, perRepliedMicros: 65_200 }),
    ])
  })

  it('folds days into ISO weeks and months', async () => {
    const weeks = await report('week', { from: '2026-11-30' })
    // 30 November is a Monday: the whole range is week 49.
    expect(weeks.rows.map((r) => [r.key, r.currency, r.totalMicros])).toEqual([['2026-W49', 'EUR', 110_000], ['2026-W49', 'USD', 89_600], ['2026-W49', null, 0]])
    const months = await report('month', { from: '2026-11-30' })
    expect(months.rows.map((r) => [r.key, r.currency, r.totalMicros, r.outbound])).toEqual([['2026-11', 'USD', 7_800, 1], ['2026-12', 'EUR', 110_000, 1], ['2026-12', 'USD', 81_800, 5], ['2026-12', null, 0, 1]])
  })

  it('groups by template, event type, rule, country, category, provider and sender', async () => {
    const keys = async (group: CostGroup) => (await report(group)).rows.map((r) => [r.key, r.currency, r.totalMicros])
    expect(await keys('template')).toEqual([
      ['lesson_reminder', 'USD', 15_600],
      ['payment_due', 'USD', 63_700],
      ['promo', 'EUR', 110_000],
      [null, 'USD', 2_500], // 2, 4, 6, 11
      [null, null, 0],
    ])
    expect(await keys('event_type')).toEqual([['invoice.due', 'USD', 63_700], ['lesson.reminder', 'USD', 15_600], [null, 'EUR', 110_000], [null, 'USD', 2_500], [null, null, 0]])
    expect(await keys('rule')).toEqual([['r_invoice', 'USD', 63_700], ['r_remind', 'USD', 15_600], [null, 'EUR', 110_000], [null, 'USD', 2_500], [null, null, 0]])
    expect(await keys('country')).toEqual([['BR', 'USD', 81_100], ['DE', 'EUR', 110_000], ['IN', 'USD', 700], ['US', null, 0]])
    expect(await keys('category')).toEqual([['marketing', 'EUR', 110_000], ['marketing', 'USD', 63_500], ['service', 'USD', 2_500], ['utility', 'USD', 15_800], [null, null, 0]])
    expect(await keys('provider')).toEqual([['gupshup/gs_main', 'EUR', 110_000], ['meta/meta', 'USD', 81_800], ['twilio/tw', null, 0]])
    expect(await keys('sender')).toEqual([['default', 'USD', 81_800], ['second', 'EUR', 110_000], ['sms', null, 0]])
    const template = (await report('template')).rows[1]!
    expect(template).toEqual(row('payment_due', 'USD', { outbound: 2, failed: 1, delivered: 1, replied: 1, platformMicros: 62_500, providerMicros: 1_200, totalMicros: 63_700, averageMicros: 31_850, perDeliveredMicros: 63_700, perRepliedMicros: 63_700 }))
  })

  it('takes instants as they are, the end excluded', async () => {
    const r = await report('day', { from: '2026-12-01T10:00:00Z', to: '2026-12-01T12:00:00Z' })
    expect(r.totals).toEqual([row(null, 'USD', { outbound: 1, delivered: 1, read: 1, replied: 1, platformMicros: 6_800, providerMicros: 1_000, totalMicros: 7_800, averageMicros: 7_800, perDeliveredMicros: 7_800, perReadMicros: 7_800, perRepliedMicros: 7_800 })])
  })

  it('refuses a range that ends before it starts or spans more than 366 days', async () => {
    await expect(report('day', { from: '2026-12-04', to: '2026-12-01' })).rejects.toMatchObject({ code: 'range_invalid' })
    await expect(report('day', { from: '2025-12-01', to: '2026-12-04' })).rejects.toMatchObject({ code: 'range_too_long' })
    await expect(report('day', { from: '2025-12-04', to: '2026-12-04' })).resolves.toMatchObject({ totals: expect.any(Array) })
  })

  // PostgreSQL picks its plan by the table's statistics, so only SQLite's is fixed enough to check.
  it.skipIf(dialect !== 'sqlite')('on SQLite, searches the range in messages_by_created_at and each reply in messages_inbound_by_contact', async () => {
    let statement: CompiledQuery<unknown> | undefined
    const capture = { ...t.database, longRead: async <Row>(query: CompiledQuery<Row>) => ((statement = query), [] as Row[]) }
    await createCostReports(capture).aggregate({ start: 0, end: NOW }, 'template')
    const plan = await t.database.db.executeQuery(CompiledQuery.raw(`explain query plan ${statement!.sql}`, [...statement!.parameters]))
    const text = (plan.rows as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    expect(text).toMatch(/SEARCH m USING INDEX messages_by_created_at \(created_at>\? AND created_at<\?\)/)
    expect(text).toMatch(/SEARCH i USING COVERING INDEX messages_inbound_by_contact \(contact_id=\? AND created_at>\? AND created_at<\?\)/)
  })
})
