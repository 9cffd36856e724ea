import { describe, expect, it } from 'vitest'
import { contactZone, formatLocal } from '../../../src/core/notifications/local-time.js'
import { DEFAULT_QUIET_HOURS, parseQuietHours, quietPeriodAt, type QuietHours } from '../../../src/core/notifications/quiet-hours.js'
import { HOUR } from '../../../src/core/shared/time.js'
import { local, show } from './local.js'

const IST = 'Europe/Istanbul'
const BER = 'Europe/Berlin'
const SAO = 'America/Sao_Paulo'
const NIGHT = DEFAULT_QUIET_HOURS
const SIESTA: QuietHours = { start: '13:00', end: '15:30' }

describe('quietPeriodAt', () => {
  it.each([
    // zone, local time, quiet hours, expected end (local ISO) or null when not quiet
    [IST, '2026-11-25T20:59', NIGHT, null],
    [IST, '2026-11-25T20:59:59.999', NIGHT, null],
    [IST, '2026-11-25T21:00', NIGHT, '2026-11-26T08:00+03:00'], // start is quiet
    [IST, '2026-11-25T22:30', NIGHT, '2026-11-26T08:00+03:00'], // the event
    [IST, '2026-11-25T23:59', NIGHT, '2026-11-26T08:00+03:00'],
    [IST, '2026-11-26T00:00', NIGHT, '2026-11-26T08:00+03:00'], // after midnight: ends the same day
    [IST, '2026-11-26T07:59:59.999', NIGHT, '2026-11-26T08:00+03:00'],
    [IST, '2026-11-26T08:00', NIGHT, null], // end is not quiet
    [IST, '2026-11-26T12:00', NIGHT, null],
    [IST, '2026-12-31T22:00', NIGHT, '2027-01-01T08:00+03:00'], // across the year
    [IST, '2026-02-28T23:00', NIGHT, '2026-03-01T08:00+03:00'],
    // Istanbul has no DST: the same local hours in March and October
    [IST, '2026-03-28T22:00', NIGHT, '2026-03-29T08:00+03:00'],
    [IST, '2026-10-24T22:00', NIGHT, '2026-10-25T08:00+03:00'],
    // Berlin: the nights of the DST changes are 9 h and 11 h long, still 21:00–08:00 on the wall clock
    [BER, '2026-03-28T22:00', NIGHT, '2026-03-29T08:00+02:00'],
    [BER, '2026-03-29T03:00', NIGHT, '2026-03-29T08:00+02:00'],
    [BER, '2026-10-24T22:00', NIGHT, '2026-10-25T08:00+01:00'],
    [BER, '2026-10-25T02:30+02:00', NIGHT, '2026-10-25T08:00+01:00'], // first 02:30
    [BER, '2026-10-25T02:30+01:00', NIGHT, '2026-10-25T08:00+01:00'], // second 02:30
    [BER, '2026-07-01T21:30', NIGHT, '2026-07-02T08:00+02:00'],
    // São Paulo: no DST since 2019; in 2018 midnight itself was skipped on 4 November
    [SAO, '2026-11-25T22:30', NIGHT, '2026-11-26T08:00-03:00'],
    [SAO, '2018-11-03T23:30', NIGHT, '2018-11-04T08:00-02:00'],
    [SAO, '2018-11-04T01:30', NIGHT, '2018-11-04T08:00-02:00'],
    [SAO, '2019-02-16T22:00', NIGHT, '2019-02-17T08:00-03:00'], // 23:00 happened twice that night
    // Quiet hours within one day
    [IST, '2026-11-25T12:59', SIESTA, null],
    [IST, '2026-11-25T13:00', SIESTA, '2026-11-25T15:30+03:00'],
    [IST, '2026-11-25T15:29', SIESTA, '2026-11-25T15:30+03:00'],
    [IST, '2026-11-25T15:30', SIESTA, null],
    // Equal start and end: no quiet hours
    [IST, '2026-11-25T22:30', { start: '22:00', end: '22:00' }, null],
    // Ends in a DST gap: moved forward by the gap (02:30 does not exist on 29 March in Berlin)
    [BER, '2026-03-29T01:00', { start: '23:00', end: '02:30' }, '2026-03-29T03:30+02:00'],
    // Ends at a time that happens twice: the first, from either side of the change
    [BER, '2026-10-25T01:00', { start: '23:00', end: '02:30' }, '2026-10-25T02:30+02:00'],
    [BER, '2026-10-24T23:30', { start: '23:00', end: '02:30' }, '2026-10-25T02:30+02:00'],
    [BER, '2026-10-25T02:10+02:00', { start: '02:00', end: '02:30' }, '2026-10-25T02:30+02:00'],
    [BER, '2026-10-25T02:10+01:00', { start: '02:00', end: '02:30' }, '2026-10-25T02:30+01:00'], // the first is past
    [BER, '2026-10-25T02:40+02:00', { start: '02:00', end: '02:30' }, null],
  ] as const)('%s %s in %j → %s', (zone, time, hours, end) => {
    const result = quietPeriodAt(local(zone, time), zone, hours)
    expect(result.quiet ? show(result.endsAt, zone) : null).toBe(end)
  })

  it('measures the Berlin DST nights in real hours', () => {
    const spring = quietPeriodAt(local(BER, '2026-03-28T21:00'), BER)
    const autumn = quietPeriodAt(local(BER, '2026-10-24T21:00'), BER)
    expect(spring.quiet && spring.endsAt - local(BER, '2026-03-28T21:00')).toBe(10 * HOUR)
    expect(autumn.quiet && autumn.endsAt - local(BER, '2026-10-24T21:00')).toBe(12 * HOUR)
  })

  it.each(['8:00', '24:00', '08:60', '0800', ''])('rejects %j', (text) => {
    expect(() => parseQuietHours({ start: text, end: '08:00' })).toThrow(RangeError)
    expect(() => quietPeriodAt(0, IST, { start: '21:00', end: text })).toThrow(RangeError)
  })

  it('rejects an unknown zone', () => {
    expect(() => quietPeriodAt(0, 'Mars/Olympus')).toThrow(RangeError)
  })
})

describe('local time helpers', () => {
  it.each([
    ['Europe/Istanbul', 'Europe/Berlin', 'Europe/Istanbul'],
    [null, 'Europe/Berlin', 'Europe/Berlin'],
    ['Mars/Olympus', 'Europe/Berlin', 'Europe/Berlin'],
  ])('contact zone %s with default %s → %s', (zone, fallback, expected) => {
    expect(contactZone(zone, fallback)).toBe(expected)
  })

  it('rejects an invalid default zone', () => {
    expect(() => contactZone(null, 'Nowhere')).toThrow(RangeError)
  })

  it('formats with the offset and zone, whatever the machine locale', () => {
    expect(formatLocal(Date.UTC(2026, 10, 26, 5), IST)).toBe('2026-11-26 08:00 +03:00 Europe/Istanbul')
  })
})
