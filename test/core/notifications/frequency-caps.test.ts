import { describe, expect, it } from 'vitest'
import { capPeriods, countSends, exceededCap } from '../../../src/core/notifications/frequency-caps.js'
import { HOUR } from '../../../src/core/shared/time.js'
import { local } from './local.js'

const IST = 'Europe/Istanbul'
const BER = 'Europe/Berlin'

describe('capPeriods', () => {
  it.each([
    // zone, at, day from, day length (h), week from (Monday 00:00 local), week length (h)
    [IST, '2026-11-25T22:30', '2026-11-25T00:00', 24, '2026-11-23T00:00', 168],
    [IST, '2026-11-23T00:00', '2026-11-23T00:00', 24, '2026-11-23T00:00', 168], // Monday midnight starts the week
    [IST, '2026-11-22T23:59', '2026-11-22T00:00', 24, '2026-11-16T00:00', 168], // Sunday ends it
    [BER, '2026-03-29T12:00', '2026-03-29T00:00', 23, '2026-03-23T00:00', 167], // DST starts
    [BER, '2026-10-25T12:00', '2026-10-25T00:00', 25, '2026-10-19T00:00', 169], // DST ends
    [IST, '2026-12-31T12:00', '2026-12-31T00:00', 24, '2026-12-28T00:00', 168], // ISO week across the year
  ] as const)('%s %s', (zone, at, dayFrom, dayHours, weekFrom, weekHours) => {
    const { day, week } = capPeriods(local(zone, at), zone)
    expect(day.from).toBe(local(zone, dayFrom))
    expect((day.to - day.from) / HOUR).toBe(dayHours)
    expect(week.from).toBe(local(zone, weekFrom))
    expect((week.to - week.from) / HOUR).toBe(weekHours)
  })
})

describe('countSends', () => {
  const history = [
    '2026-11-22T23:59', // Sunday: last week
    '2026-11-23T00:00', // Monday: this week
    '2026-11-24T10:00',
    '2026-11-25T00:00', // Wednesday
    '2026-11-25T09:00',
    '2026-11-25T23:59:59.999',
    '2026-11-26T00:00', // Thursday
    '2026-11-29T23:59', // Sunday: this week
    '2026-11-30T00:00', // next week
  ].map((t) => local(IST, t))

  it.each([
    ['2026-11-25T12:00', 3, 7],
    ['2026-11-26T08:00', 1, 7],
    ['2026-11-30T08:00', 1, 1],
    ['2026-11-22T08:00', 1, 1],
    ['2026-11-27T08:00', 0, 7],
  ])('at %s local: day %i, week %i', (at, day, week) => {
    expect(countSends(history, local(IST, at), IST)).toEqual({ day, week })
  })

  it('counts in the contact zone: the same instants fall on other days in Berlin', () => {
    expect(countSends(history, local(IST, '2026-11-25T12:00'), BER)).toEqual({ day: 3, week: 7 })
    expect(countSends([local(IST, '2026-11-26T00:30')], local(IST, '2026-11-25T12:00'), BER)).toEqual({ day: 1, week: 1 })
  })
})

describe('exceededCap', () => {
  it.each([
    [{ perDay: null, perWeek: null }, { day: 100, week: 1000 }, null],
    [{ perDay: 2, perWeek: null }, { day: 1, week: 50 }, null],
    [{ perDay: 2, perWeek: null }, { day: 2, week: 2 }, 'day'],
    [{ perDay: null, perWeek: 5 }, { day: 4, week: 4 }, null],
    [{ perDay: null, perWeek: 5 }, { day: 0, week: 5 }, 'week'],
    [{ perDay: 1, perWeek: 5 }, { day: 1, week: 5 }, 'day'],
    [{ perDay: 0, perWeek: null }, { day: 0, week: 0 }, 'day'],
  ] as const)('cap %j with %j → %s', (cap, counts, expected) => {
    expect(exceededCap(cap, counts)).toBe(expected)
  })
})
