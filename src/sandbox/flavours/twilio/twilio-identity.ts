import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The sandbox's one Twilio account (src/sandbox/README.md): its Account SID and auth token (HTTP
 * Basic, docs/platform.md §7.2; the token also keys `X-Twilio-Signature`), its WhatsApp sender and
 * its SMS sender. Fixed, so that a Parley configured for the sandbox needs no setup.
 */
export const TWILIO_ACCOUNT_SID = 'AC00000000000000000000000000000001'
export const TWILIO_AUTH_TOKEN = 'sandbox-twilio-auth-token'
/** Digits of the WhatsApp sender (`From=whatsapp:+15550001237`). */
export const TWILIO_WHATSAPP_NUMBER = '15550001237'
/** Digits of the SMS sender (`From=+15550001238`). */
export const TWILIO_SMS_NUMBER = '15550001238'

/** Whether the request carries the account's Basic credentials. */
export function twilioAuthorized(req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? ''
  const m = /^Basic\s+(\S+)\s*$/i.exec(header)
  if (!m) return false
  const given = Buffer.from(Buffer.from(m[1]!, 'base64').toString('utf8'))
  const expected = Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
