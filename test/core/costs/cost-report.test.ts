import { describe, expect, it } from 'vitest'
import { BUCKET } from '../../../src/core/analytics/model.js'
import { costReportCsv } from '../../../src/core/costs/cost-report-csv.js'
import { buildCostReport, type CostAggregate } from '../../../src/core/costs/cost-report.js'
import { formatMoney } from '../../../src/core/costs/format-money.js'
import { periodLabeller, resolveReportRange } from '../../../src/core/costs/report-range.js'

const bucket = (iso: string) => Date.parse(iso) / BUCKET

describe('spend report ranges and periods', () => {
  it('counts local days across a DST change and allows a year of them', () => {
    // Berlin's 25 October 2026 has 25 hours; a year of local days is then an hour longer than 366 × 24 h.
    const year = resolveReportRange({ from: '2025-12-01', to: '2026-11-30', days: 30, zone: 'Europe/Berlin' }, 0)
    expect(year).toEqual({ kind: 'ok', start: Date.parse('2025-11-30T23:00:00Z'), end: Date.parse('2026-11-30T23:00:00Z') })
    expect(resolveReportRange({ from: '2025-11-29', to: '2026-11-30', days: 30, zone: 'Europe/Berlin' }, 0)).toMatchObject({ kind: 'invalid', code: 'range_too_long', details: { days: 367, max_days: 366 } })
    // Without `from`: the `days` local days ending today.
    expect(resolveReportRange({ days: 2, zone: 'Asia/Kolkata' }, Date.parse('2026-12-04T20:00:00Z'))).toEqual({ kind: 'ok', start: Date.parse('2026-12-03T18:30:00Z'), end: Date.parse('2026-12-05T18:30:00Z') })
  })

  it('labels buckets with the local day, the ISO week (a week-year may differ from the year) and the month', () => {
    const start = Date.parse('2026-12-27T23:00:00Z')
    const end = Date.parse('2027-01-05T23:00:00Z')
    const day = periodLabeller('day', 'Europe/Berlin', start, end)
    const week = periodLabeller('week', 'Europe/Berlin', start, end)
    const month = periodLabeller('month', 'Europe/Berlin', start, end)
    expect(day(bucket('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
    expect(day(bucket('2026-12-31T22:45:00Z'))).toBe('2026-12-31')
    // 1 January 2027 is a Friday: still week 53 of 2026.
    expect(week(bucket('2027-01-01T10:00:00Z'))).toBe('2026-W53')
    expect(week(bucket('2027-01-04T10:00:00Z'))).toBe('2027-W01')
    expect(month(bucket('2026-12-31T23:00:00Z'))).toBe('2027-01')
  })
})

describe('spend report shaping', () => {
  const aggregate = (key: string | null, figures: Partial<CostAggregate>): CostAggregate => ({
    key,
    currency: 'USD',
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
    ...figures,
  })

  it('writes CSV with quoted keys and formulas kept as text', () => {
    const report = buildCostReport({ groupBy: 'template', zone: 'UTC', start: 0, end: 1 }, [
      aggregate('=HYPERLINK("x")', { outbound: 3, delivered: 2, platformMicros: 10_000 }),
      aggregate('a,b', { outbound: 1, providerMicros: 1 }),
    ])
    expect(costReportCsv(report).split('\r\n').slice(1)).toEqual([
      `group,"'=HYPERLINK(""x"")",,USD,3,0,0,2,0,0,0,0,10000,0,10000,3333,5000,,`,
      'group,"a,b",,USD,1,0,0,0,0,0,0,0,0,1,1,1,,,',
      'total,,,USD,4,0,0,2,0,0,0,0,10000,1,10001,2500,5001,,',
      '',
    ])
  })

  it('writes money the way its currency is written', () => {
    expect(formatMoney(12_345_678, 'USD')).toBe('$12.35')
    expect(formatMoney(6_800, 'USD', { per: true })).toBe('$0.0068')
    expect(formatMoney(3_100_000, 'BRL')).toBe('R$3.10')
    expect(formatMoney(1_234_567_890_000, 'INR')).toBe('₹1,234,567.89')
    expect(formatMoney(500_000, 'EUR')).toBe('€0.50')
    expect(formatMoney(500_000, 'XQQ1')).toBe('0.50 XQQ1')
  })
})
