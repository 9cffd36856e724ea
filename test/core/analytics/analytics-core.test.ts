import { describe, expect, it } from 'vitest'
import { dayOfBucket, isIsoDate, resolveRange, type DayRange } from '../../../src/core/analytics/date-range.js'
import { BUCKET, MAX_RANGE_DAYS } from '../../../src/core/analytics/model.js'
import { percentile, rate } from '../../../src/core/analytics/percentile.js'

const ok = (result: ReturnType<typeof resolveRange>): DayRange => {
  if (result.kind !== 'ok') throw new Error(result.message)
  return result.range
}

describe('percentile (nearest rank)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.9, 4],
    [[5], 0.5, 5],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 90],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 0.9, 100],
  ])('of %j at %d is %d', (values, p, expected) => {
    expect(percentile(values.map((value) => ({ value, count: 1 })), p)).toBe(expected)
  })

  it('weighs values by their count, in any order, and is null with none', () => {
    expect(percentile([{ value: 600, count: 9 }, { value: 30, count: 1 }], 0.1)).toBe(30)
    expect(percentile([{ value: 600, count: 9 }, { value: 30, count: 1 }], 0.5)).toBe(600)
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([{ value: 1, count: 0 }], 0.5)).toBeNull()
    expect(() => percentile([], 0)).toThrow(RangeError)
  })

  it('rates to four decimals, null over nothing', () => {
    expect(rate(2, 3)).toBe(0.6667)
    expect(rate(0, 5)).toBe(0)
    expect(rate(0, 0)).toBeNull()
  })
})

describe('resolveRange', () => {
  const now = Date.parse('2026-03-29T20:00:00Z') // 22:00 CEST in Berlin, the day summer time began

  it('ends the range today in the zone and gives each local day its midnight, 23 hours on the DST day', () => {
    const range = ok(resolveRange({ days: 3, zone: 'Europe/Berlin' }, now))
    expect(range.dates).toEqual(['2026-03-27', '2026-03-28', '2026-03-29'])
    expect(range.starts.map((s) => new Date(s).toISOString())).toEqual(['2026-03-26T23:00:00.000Z', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'])
    expect(range.window.end - range.starts[2]!).toBe(23 * 3600_000)
  })

  it('takes "today" in the zone, not in UTC', () => {
    const lateInUtc = Date.parse('2026-03-29T22:30:00Z') // already the 30th in Istanbul
    expect(ok(resolveRange({ days: 1, zone: 'Europe/Istanbul' }, lateInUtc)).dates).toEqual(['2026-03-30'])
    expect(ok(resolveRange({ days: 1, zone: 'UTC' }, lateInUtc)).dates).toEqual(['2026-03-29'])
  })

  it('takes an explicit range and refuses one that ends first or is too long', () => {
    expect(ok(resolveRange({ from: '2026-01-01', to: '2026-01-31', days: 7, zone: 'UTC' }, now)).dates).toHaveLength(31)
    expect(ok(resolveRange({ to: '2026-01-31', days: 7, zone: 'UTC' }, now)).dates[0]).toBe('2026-01-25')
    expect(resolveRange({ from: '2026-02-02', to: '2026-02-01', days: 7, zone: 'UTC' }, now)).toMatchObject({ kind: 'invalid', code: 'range_invalid' })
    expect(ok(resolveRange({ from: '2026-01-01', to: '2026-04-02', days: 7, zone: 'UTC' }, now)).dates).toHaveLength(MAX_RANGE_DAYS)
    expect(resolveRange({ from: '2026-01-01', to: '2026-04-03', days: 7, zone: 'UTC' }, now)).toMatchObject({
      kind: 'invalid',
      code: 'range_too_long',
      details: { days: 93, max_days: MAX_RANGE_DAYS },
    })
  })

  it('knows real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true)
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(isIsoDate('2026-2-3')).toBe(false)
  })
})

describe('dayOfBucket', () => {
  it('puts quarter-hour buckets into local days, for a half-hour zone too', () => {
    const range = ok(resolveRange({ from: '2026-03-01', to: '2026-03-02', days: 2, zone: 'Asia/Kolkata' }, 0))
    const bucketAt = (iso: string) => Date.parse(iso) / BUCKET
    expect(range.window.start).toBe(Date.parse('2026-02-28T18:30:00Z'))
    expect(dayOfBucket(range, bucketAt('2026-02-28T18:15:00Z'))).toBe(-1)
    expect(dayOfBucket(range, bucketAt('2026-02-28T18:30:00Z'))).toBe(0)
    expect(dayOfBucket(range, bucketAt('2026-03-01T18:15:00Z'))).toBe(0)
    expect(dayOfBucket(range, bucketAt('2026-03-01T18:30:00Z'))).toBe(1)
    expect(dayOfBucket(range, bucketAt('2026-03-02T18:30:00Z'))).toBe(-1)
  })

  it('gives the 25-hour day all its hours', () => {
    const range = ok(resolveRange({ from: '2026-10-25', to: '2026-10-26', days: 2, zone: 'Europe/Berlin' }, 0))
    const day0 = Array.from({ length: 200 }, (_, i) => range.window.start / BUCKET + i).filter((b) => dayOfBucket(range, b) === 0)
    expect(day0).toHaveLength(25 * 4)
  })
})
