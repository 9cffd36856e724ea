import { SegmentedMessage } from 'sms-segments-calculator'

/** How an SMS text is encoded on the air: the GSM 7-bit alphabet, or UCS-2 when any character is outside it. */
export type SmsEncoding = 'GSM-7' | 'UCS-2'

/** What an SMS text costs in segments, known before it is sent (providers bill per segment). */
export interface SmsSegments {
  encoding: SmsEncoding
  /** 1 for a text that fits one message; a longer one is split into concatenated parts. */
  segments: number
}

/**
 * The segments an SMS text takes (docs/platform.md §7.4): GSM-7 carries 160 characters in one
 * message and 153 per part once it is split (the rest of a part holds the header that joins
 * them), and the extension characters (`€ [ ] { } ~ \ | ^` and form feed) take two; a single
 * character outside GSM-7 (ş, ğ, ı, an emoji) turns the whole text into UCS-2: 70 and 67, where
 * a character beyond the Basic Multilingual Plane (most emoji) takes two. A character's units never
 * straddle two parts. The count is Twilio's own calculator's, checked against hand-counted texts
 * in test/core/messages/sms-segments.test.ts.
 */
export function countSmsSegments(text: string): SmsSegments {
  const message = new SegmentedMessage(text, 'auto', false)
  return { encoding: message.encodingName, segments: Math.max(1, message.segmentsCount) }
}
