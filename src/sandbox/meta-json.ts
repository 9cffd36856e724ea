/**
 * JSON as Meta writes it in webhooks (docs/platform.md §2.2): every non-ASCII UTF-16 code unit escaped as
 * `\uXXXX` with lowercase hex (so an emoji becomes its surrogate pair) and `/` written as `\/`.
 * The signature is computed over these exact bytes, so a receiver that re-serialises parsed JSON
 * gets a different text and a failing signature, exactly as with the real platform.
 */

// Both can only occur inside JSON strings, so replacing them in the serialised text is safe.
const NEEDS_ESCAPE = /[\u0080-\uffff/]/
const TO_ESCAPE = /[\u0080-\uffff/]/g

function escapeUnit(ch: string): string {
  if (ch === '/') return '\\/'
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')
}

/** Serialises like Meta's webhook sender; ASCII-only text without slashes takes the fast path. */
export function metaJson(value: unknown): string {
  const text = JSON.stringify(value)
  // JSON.stringify already writes lone surrogates and control characters as lowercase \u escapes.
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, escapeUnit) : text
}
