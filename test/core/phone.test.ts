import { describe, expect, it } from 'vitest'
import { marketOf, normalizePhone, phoneFromDigits } from '../../src/core/contacts/phone.js'

describe('normalizePhone', () => {
  it.each([
    ['+4915112345678', '+4915112345678', 'DE'],
    ['+49 151 1234 5678', '+4915112345678', 'DE'],
    ['+49 (151) 1234-5678', '+4915112345678', 'DE'],
    ['+90 532 123 45 67', '+905321234567', 'TR'],
    ['+7 916 123-45-67', '+79161234567', 'RU'],
    ['+55 11 98765-4321', '+5511987654321', 'BR'],
  ])('%s → %s', (input, e164, country) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164, country })
  })

  it('uses a default country for national numbers', () => {
    expect(normalizePhone('0151 12345678', 'DE')).toMatchObject({ ok: true, e164: '+4915112345678' })
  })

  it.each([
    ['0151 12345678', 'needs_country_code'],
    ['hello', 'not_a_number'],
    ['', 'not_a_number'],
    ['+1 555 123 4567', 'invalid'],
    ['+49 1', 'invalid'],
    ['+4915112345678; drop table', 'not_a_number'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason })
  })
})

describe('phone helpers', () => {
  it('turns provider digits into E.164 without second-guessing them', () => {
    expect(phoneFromDigits('551187654321')).toBe('+551187654321')
  })
  it('finds the billing market', () => {
    expect(marketOf('+905321234567')).toBe('TR')
  })
})
