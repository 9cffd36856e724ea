/**
 * How many SMS segments a text takes (docs/platform.md §7.4): GSM-7 when every character is in the
 * GSM 03.38 default alphabet or its extension table (extension characters take two septets, the
 * escape and the character), UCS-2 otherwise (UTF-16 code units, so an emoji outside the Basic
 * Multilingual Plane takes two). One segment holds 160 GSM-7 septets or 70 UCS-2 units; a longer
 * text is split into segments of 153 or 67, because each carries a 6-byte concatenation header.
 * An escape pair or a surrogate pair is never split across two segments, as handsets would show
 * garbage, so a segment may hold one unit less than its maximum.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export interface SegmentCount {
  encoding: SmsEncoding
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number
  segments: number
}

// GSM 03.38 default alphabet, in table order (0x00–0x7F; 0x1B is the escape, not a character).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
// The extension table: each is sent as escape + character, two septets.
const GSM_EXTENSION = '\f^{}\\[~]|€'

const BASIC = new Set(GSM_BASIC)
const EXTENSION = new Set(GSM_EXTENSION)

export const LIMITS: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = Object.freeze({
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
})

/** The encoding the text needs and the segments it takes; an empty text is one (empty) segment. */
export function countSegments(text: string): SegmentCount {
  const gsm = gsmUnits(text)
  const encoding: SmsEncoding = gsm === null ? 'UCS-2' : 'GSM-7'
  // Per character: how many units it takes (a pair must stay in one segment).
  const widths = gsm ?? ucs2Units(text)
  const units = widths.reduce((a, b) => a + b, 0)
  const { single, multi } = LIMITS[encoding]
  if (units <= single) return { encoding, units, segments: 1 }
  let segments = 1
  let used = 0
  for (const w of widths) {
    if (used + w > multi) {
      segments++
      used = 0
    }
    used += w
  }
  return { encoding, units, segments }
}

/** Septets per character, or null when a character is outside GSM-7. */
function gsmUnits(text: string): number[] | null {
  const widths: number[] = []
  for (const ch of text) {
    if (BASIC.has(ch)) widths.push(1)
    else if (EXTENSION.has(ch)) widths.push(2)
    else return null
  }
  return widths
}

/** UTF-16 code units per code point (2 for a surrogate pair). */
function ucs2Units(text: string): number[] {
  const widths: number[] = []
  for (const ch of text) widths.push(ch.length)
  return widths
}
