/**
 * The opt-out, opt-in and help keywords carriers and Twilio act on (docs/platform.md §7.4): only a
 * message that is exactly one of them (any case, surrounding blanks ignored) counts, so
 * "STOP PLEASE" is an ordinary message.
 */

export type SmsKeyword = 'stop' | 'start' | 'help'

const KEYWORDS: ReadonlyMap<string, SmsKeyword> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((k) => [k, 'stop'] as const),
  ...['START', 'YES', 'UNSTOP'].map((k) => [k, 'start'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'help'] as const),
])

/** Which keyword the text is, or null for any other text. */
export function smsKeyword(text: string): SmsKeyword | null {
  return KEYWORDS.get(text.trim().toUpperCase()) ?? null
}
