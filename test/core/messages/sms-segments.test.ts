import { describe, expect, it } from 'vitest'
import { countSmsSegments } from '../../../src/core/messages/sms-segments.js'

/*
 * Every expectation here is counted by hand from the rules (docs/platform.md §7.4), not read off
 * the calculator: GSM-7 is 160 septets in one message, 153 per part of a longer one; an extension
 * character (€ [ ] { } ~ \ | ^) is an escape plus a septet, 2; one character outside GSM-7 makes
 * the text UCS-2: 70 code units, 67 per part, an astral character (most emoji) 2 units; and a
 * character's units are never split across parts.
 */
const a = (n: number) => 'a'.repeat(n)

describe('SMS segments', () => {
  it.each([
    ['160 plain letters fill one message', a(160), 1],
    ['161 need two parts', a(161), 2],
    ['306 fill two parts of 153', a(306), 2],
    ['307 need a third', a(307), 3],
    ['80 euro signs are 160 septets: one message', '€'.repeat(80), 1],
    ['81 euro signs are 162 septets: two parts', '€'.repeat(81), 2],
    ['159 letters and a euro sign are 161 septets', `${a(159)}€`, 2],
    ['an escape pair is not split: 152 + € + 152 is 306 septets, yet the € opens part two (154 > 153), and a third part follows', `${a(152)}€${a(152)}`, 3],
    ['Ü Ö ü ö Ç and é are in GSM-7', 'Üzüm Ödev Çarsamba é', 1],
  ])('GSM-7: %s', (_name, text, segments) => {
    expect(countSmsSegments(text)).toEqual({ encoding: 'GSM-7', segments })
  })

  it.each([
    ['one ı makes a Turkish text UCS-2', 'Yarın 15:00 dersiniz var.', 1],
    ['lower-case ç is not in GSM-7 (only Ç is)', 'çay', 1],
    ['70 ş fill one message', 'ş'.repeat(70), 1],
    ['71 ş need two parts', 'ş'.repeat(71), 2],
    ['134 ş fill two parts of 67', 'ş'.repeat(134), 2],
    ['135 ş need a third', 'ş'.repeat(135), 3],
    ['35 emoji are 70 units: one message', '😀'.repeat(35), 1],
    ['36 emoji are 72 units: two parts', '😀'.repeat(36), 2],
    ['an emoji and 68 letters are 70 units', `😀${a(68)}`, 1],
    ['an emoji and 69 letters are 71 units', `😀${a(69)}`, 2],
    ['a surrogate pair is not split: 66 ş + 😀 + 66 ş is 134 units, yet the emoji opens part two (69 > 67)', `${'ş'.repeat(66)}😀${'ş'.repeat(66)}`, 3],
  ])('UCS-2: %s', (_name, text, segments) => {
    expect(countSmsSegments(text)).toEqual({ encoding: 'UCS-2', segments })
  })

  it("counts the school's Turkish reminder: 85 characters with ı, ş and ğ, so UCS-2 in two parts", () => {
    const text = 'Ayşe için hatırlatma: yarın 15:00 piyano dersi. Değişiklik için bu mesajı yanıtlayın.'
    expect(text.length).toBe(85)
    // 85 UCS-2 units: more than 70, at most 2 × 67.
    expect(countSmsSegments(text)).toEqual({ encoding: 'UCS-2', segments: 2 })
  })
})
