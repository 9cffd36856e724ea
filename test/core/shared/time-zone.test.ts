import { describe, expect, it } from 'vitest'
import { isTimeZone } from '../../../src/core/shared/time-zone.js'

describe('isTimeZone', () => {
  it('knows IANA zones and refuses anything else, the same way every time it is asked', () => {
    for (let round = 0; round < 3; round++) {
      expect(isTimeZone('Europe/Istanbul')).toBe(true)
      expect(isTimeZone('America/Sao_Paulo')).toBe(true)
      expect(isTimeZone('UTC')).toBe(true)
      expect(isTimeZone('Fantasia/Castle')).toBe(false)
      expect(isTimeZone('')).toBe(false)
      expect(isTimeZone('+03:00 but not a zone')).toBe(false)
    }
  })

  it('still answers for names past the ones it remembers', () => {
    for (let i = 0; i < 1500; i++) expect(isTimeZone(`Nowhere/Place_${i}`)).toBe(false)
    expect(isTimeZone('Asia/Tokyo')).toBe(true)
  })
})
