import { describe, expect, it } from 'vitest'
import { formatValue, toLocale } from '../../../src/core/rules/format-value.js'
import type { ValueFormat } from '../../../src/core/rules/model.js'

// Intl writes some spaces as no-break or narrow no-break spaces; the tables use plain ones.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

function text(value: unknown, format: ValueFormat, language: string, timezone = 'Europe/Istanbul', currency?: string): string {
  const result = formatValue(value, format, { timezone, language, ...(currency ? { currency } : {}) })
  if (!result.ok) throw new Error(result.message)
  return plain(result.text)
}

function failure(value: unknown, format: ValueFormat, language = 'en', timezone = 'UTC', currency?: string): string {
  const result = formatValue(value, format, { timezone, language, ...(currency ? { currency } : {}) })
  if (result.ok) throw new Error(`expected a failure, got ${result.text}`)
  return result.message
}

const date = (style: 'day' | 'short' | 'medium' | 'long' | 'full' = 'day', pattern: string | null = null): ValueFormat => ({ kind: 'date', style, pattern })
const time = (style: 'short' | 'medium' | 'long' | 'full' = 'short', pattern: string | null = null): ValueFormat => ({ kind: 'time', style, pattern })
const datetime = (style: 'day' | 'short' | 'medium' | 'long' | 'full' = 'day'): ValueFormat => ({ kind: 'datetime', style, pattern: null })
const money = (unit: 'major' | 'minor' | 'micros' = 'major', display: 'symbol' | 'narrow' | 'code' | 'name' = 'symbol'): ValueFormat => ({ kind: 'money', currency: { kind: 'fixed', code: 'X' }, unit, display })

// Monday 2 March 2026, 12:00 UTC: 15:00 in Istanbul, 07:00 in New York, 09:00 in São Paulo.
const AT = '2026-03-02T12:00:00Z'

describe('formatters: date, time and datetime in the recipient’s zone and language', () => {
  it.each<[string, string, ValueFormat, string]>([
    ['en', 'Europe/Istanbul', date(), 'Monday, March 2'],
    ['tr', 'Europe/Istanbul', date(), '2 Mart Pazartesi'],
    ['ru', 'Europe/Istanbul', date(), 'понедельник, 2 марта'],
    ['es', 'Europe/Istanbul', date(), 'lunes, 2 de marzo'],
    ['pt_BR', 'America/Sao_Paulo', date(), 'segunda-feira, 2 de março'],
    ['en', 'Europe/Istanbul', time(), '3:00 PM'],
    ['tr', 'Europe/Istanbul', time(), '15:00'],
    ['ru', 'Europe/Moscow', time(), '15:00'],
    ['es', 'Europe/Madrid', time(), '13:00'],
    ['pt_BR', 'America/Sao_Paulo', time(), '09:00'],
    ['en', 'America/New_York', time(), '7:00 AM'],
    ['en', 'Asia/Kolkata', time(), '5:30 PM'],
    ['en', 'Pacific/Kiritimati', date(), 'Tuesday, March 3'],
    ['en', 'Pacific/Pago_Pago', date(), 'Monday, March 2'],
    ['en', 'America/Los_Angeles', date(), 'Monday, March 2'],
    ['tr', 'Europe/Istanbul', datetime(), '2 Mart Pazartesi 15:00'],
    ['en', 'Europe/Istanbul', datetime(), 'Monday, March 2 at 3:00 PM'],
    ['ru', 'Europe/Istanbul', datetime(), 'понедельник, 2 марта в 15:00'],
    ['es', 'Europe/Istanbul', datetime(), 'lunes, 2 de marzo, 15:00'],
    ['pt_BR', 'Europe/Istanbul', datetime(), 'segunda-feira, 2 de março às 15:00'],
    ['en', 'Europe/Istanbul', datetime('short'), '3/2/2026, 3:00 PM'],
    ['tr', 'Europe/Istanbul', date('short'), '02.03.2026'],
    ['en', 'Europe/Istanbul', date('medium'), 'Mar 2, 2026'],
    ['es', 'Europe/Istanbul', date('long'), '2 de marzo de 2026'],
    ['ru', 'Europe/Istanbul', date('full'), 'понедельник, 2 марта 2026 г.'],
    ['en', 'Europe/Istanbul', time('medium'), '3:00:00 PM'],
    ['tr', 'Europe/Istanbul', date('day', 'd MMMM'), '2 Mart'],
    ['ru', 'Europe/Istanbul', date('day', 'd MMMM'), '2 марта'],
    ['en', 'Europe/Istanbul', time('short', 'HH:mm'), '15:00'],
  ])('%s in %s, %j → %s', (language, zone, format, expected) => {
    expect(text(AT, format, language, zone)).toBe(expected)
  })

  it('reads every offset as the same instant', () => {
    for (const at of ['2026-03-02T12:00:00Z', '2026-03-02T15:00:00+03:00', '2026-03-02T07:00-05:00', '2026-03-02T12:00:00.000+0000']) {
      expect(text(at, time(), 'tr', 'Europe/Istanbul')).toBe('15:00')
    }
  })

  it('follows daylight saving in the recipient’s zone', () => {
    expect(text('2026-03-28T12:00:00Z', time(), 'es', 'Europe/Madrid')).toBe('13:00')
    expect(text('2026-03-30T12:00:00Z', time(), 'es', 'Europe/Madrid')).toBe('14:00')
  })

  it('writes a plain date as the calendar day it names, whatever the zone', () => {
    expect(text('2026-03-02', date(), 'tr', 'Pacific/Kiritimati')).toBe('2 Mart Pazartesi')
    expect(text('2026-03-02', date(), 'en', 'Pacific/Pago_Pago')).toBe('Monday, March 2')
  })

  it.each<[unknown, ValueFormat, RegExp]>([
    ['2026-03-02T12:00:00', time(), /not a date-time with an offset/],
    ['tomorrow', date(), /text "tomorrow" is not a date-time with an offset/],
    [1772452800000, datetime(), /a number 1772452800000 is not a date-time/],
    ['2026-03-02', time(), /a date without a time of day: use format date/],
    ['2026-02-30T12:00:00Z', date(), /not a date-time/],
    [null, date(), /null null is not a date-time/],
  ])('%j as %j fails: %s', (value, format, message) => {
    expect(failure(value, format)).toMatch(message)
  })

  it('names an unknown zone or language', () => {
    expect(failure(AT, time(), 'en', 'Mars/Olympus')).toBe('"Mars/Olympus" is not a time zone')
    expect(failure(AT, time(), 'not a language!', 'UTC')).toBe('"not a language!" is not a language code')
  })
})

describe('formatters: money, number and text', () => {
  it.each<[unknown, string, string, ValueFormat, string]>([
    [120, 'en', 'EUR', money(), '€120.00'],
    [120.5, 'es', 'EUR', money(), '120,50 €'],
    ['120.50', 'pt_BR', 'EUR', money(), '€ 120,50'],
    [12050, 'en', 'EUR', money('minor'), '€120.50'],
    [420000, 'tr', 'TRY', money('minor'), '₺4.200,00'],
    [1200000, 'ru', 'RUB', money('minor'), '12 000,00 ₽'],
    [60000, 'pt_BR', 'BRL', money('minor'), 'R$ 600,00'],
    [1500, 'en', 'JPY', money('minor'), '¥1,500'],
    [1500, 'en', 'KWD', money('minor'), 'KWD 1.500'],
    [120_500_000, 'en', 'USD', money('micros'), '$120.50'],
    [120, 'en', 'TRY', money('major', 'narrow'), '₺120.00'],
    [120, 'en', 'TRY', money('major', 'code'), 'TRY 120.00'],
    [2, 'es', 'EUR', money('major', 'name'), '2,00 euros'],
    [-5, 'en', 'USD', money(), '-$5.00'],
  ])('%j in %s (%s, %j) → %s', (value, language, currency, format, expected) => {
    expect(text(value, format, language, 'UTC', currency)).toBe(expected)
  })

  it.each<[unknown, string, number | null, string]>([
    [8, 'en', null, '8'],
    [1234.5, 'en', null, '1,234.5'],
    [1234.5, 'tr', null, '1.234,5'],
    [1234.5, 'ru', null, '1 234,5'],
    [1234.5, 'es', null, '1234,5'],
    [12345.5, 'es', null, '12.345,5'],
    [1234.5, 'pt_BR', null, '1.234,5'],
    ['8', 'en', null, '8'],
    [2, 'en', 2, '2.00'],
    [2.456, 'tr', 1, '2,5'],
  ])('number %j in %s (decimals %j) → %s', (value, language, decimals, expected) => {
    expect(text(value, { kind: 'number', decimals }, language)).toBe(expected)
  })

  it.each<[unknown, string]>([
    ['Can', 'Can'],
    ['  spaced  ', '  spaced  '],
    [8, '8'],
    [1.5, '1.5'],
    [true, 'true'],
  ])('text %j → %j', (value, expected) => {
    expect(text(value, { kind: 'text' }, 'tr')).toBe(expected)
  })

  it.each<[unknown, ValueFormat, string | undefined, RegExp]>([
    ['abc', money(), 'EUR', /text "abc" is not a number/],
    [{ amount: 1 }, money(), 'EUR', /an object .* is not a number/],
    [10, money(), 'EURO', /"EURO" is not a currency code/],
    [10, money(), undefined, /money needs a currency/],
    ['1,5', { kind: 'number', decimals: null }, undefined, /text "1,5" is not a number/],
    [Number.NaN, { kind: 'number', decimals: null }, undefined, /is not a number/],
    [null, { kind: 'text' }, undefined, /null null cannot be written as text/],
    [{ a: 1 }, { kind: 'text' }, undefined, /an object \{"a":1\} cannot be written as text/],
    [['a'], { kind: 'text' }, undefined, /a list \["a"\] cannot be written as text/],
  ])('%j as %j fails: %s', (value, format, currency, message) => {
    expect(failure(value, format, 'en', 'UTC', currency)).toMatch(message)
  })

  it('turns template language codes into locales', () => {
    expect(toLocale('pt_BR')).toBe('pt-BR')
    expect(toLocale('en_US')).toBe('en-US')
    expect(toLocale('tr')).toBe('tr')
    expect(toLocale('???')).toBeNull()
  })
})
