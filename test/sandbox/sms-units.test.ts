import { describe, expect, it } from 'vitest'
import { smsKeyword } from '../../src/sandbox/flavours/sms/sms-keywords.js'
import { countSegments } from '../../src/sandbox/flavours/sms/sms-segments.js'
import { twilioSignature } from '../../src/sandbox/flavours/twilio/twilio-signature.js'

/** The pieces of the SMS and Twilio flavours that need no server (docs/platform.md §7.2, §7.4). */
describe('SMS segments (GSM-7 160/153, UCS-2 70/67)', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    // Extension characters take two septets: 80 euro signs fill one segment, 81 need two.
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    ['Grüße aus Köln, 10 £ für Ñandu: @$¥èéùìò', 'GSM-7', 40, 1],
    // ú is not in GSM-7 (ù is): one such letter makes the whole text UCS-2.
    ['Ñandú', 'UCS-2', 5, 1],
    ['я'.repeat(70), 'UCS-2', 70, 1],
    ['я'.repeat(71), 'UCS-2', 71, 2],
    ['я'.repeat(134), 'UCS-2', 134, 2],
    ['я'.repeat(135), 'UCS-2', 135, 3],
    // An emoji is a surrogate pair: two UCS-2 units.
    ['😀'.repeat(35), 'UCS-2', 70, 1],
    ['Merhaba Ayşe', 'UCS-2', 12, 1],
  ])('%j → %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(countSegments(text)).toEqual({ encoding, units, segments })
  })

  it('never splits an escape pair or a surrogate pair across segments', () => {
    // 152 septets, then "€" (2): it does not fit in the first 153, so it starts segment 2.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(10)).segments).toBe(2)
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3)
    // 66 units, then an emoji (2) that would straddle the 67-unit boundary.
    expect(countSegments('я'.repeat(66) + '😀' + 'я'.repeat(66)).segments).toBe(3)
    expect(countSegments('я'.repeat(65) + '😀' + 'я'.repeat(67)).segments).toBe(2)
  })
})

describe('SMS keywords', () => {
  it.each([
    ['STOP', 'stop'], [' stop ', 'stop'], ['Unsubscribe', 'stop'], ['stopall', 'stop'], ['QUIT', 'stop'],
    ['START', 'start'], ['yes', 'start'], ['UNSTOP', 'start'], ['help', 'help'], ['INFO', 'help'],
    ['STOP PLEASE', null], ['please stop', null], ['', null],
  ])('%j → %s', (text, keyword) => {
    expect(smsKeyword(text)).toBe(keyword)
  })
})

describe('X-Twilio-Signature', () => {
  it("matches Twilio's published example", () => {
    // Twilio's security documentation example: URL with a query string, five parameters, token 12345.
    const params: Array<[string, string]> = [
      ['CallSid', 'CA1234567890ABCDE'],
      ['Caller', '+12349013030'],
      ['Digits', '1234'],
      ['From', '+12349013030'],
      ['To', '+18005551212'],
    ]
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=')
    // The order the parameters come in does not matter; the URL and the token do.
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', [...params].reverse())).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=')
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params)).not.toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=')
    expect(twilioSignature('54321', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).not.toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=')
  })
})
