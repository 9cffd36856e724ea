import { twilioFailure, type TwilioFailure } from './twilio-errors.js'
import { SID_PATTERN } from './twilio-ids.js'

/**
 * Reads a `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` form (docs/platform.md §7.2, §7.4)
 * into a WhatsApp or an SMS send, refusing what Twilio refuses synchronously: missing `To` / `From`,
 * addresses of two channels, a `From` that is not one of the account's senders, a `To` that is no
 * E.164 number, a missing body, malformed content variables, an over-long body. Whether the
 * recipient is reachable is decided later and reported in status callbacks, as on Twilio.
 */

export interface TwilioNumbers {
  /** Digits of the account's WhatsApp senders (`From=whatsapp:+…`). */
  whatsapp: readonly string[]
  /** Digits of the account's SMS senders (`From=+…`). */
  sms: readonly string[]
}

interface SendBase {
  /** Business number digits. */
  from: string
  /** Recipient digits. */
  to: string
  /** Where this message's status callbacks go (query string kept); null: the configured callback URL. */
  statusCallback: string | null
}

export interface WhatsAppSend extends SendBase {
  channel: 'whatsapp'
  body: string | null
  mediaUrls: string[]
  /** A Content API template (`HX…`) and its variables keyed "1", "2"… (or by name). */
  content: { sid: string; variables: Record<string, string> } | null
}

export interface SmsSend extends SendBase {
  channel: 'sms'
  body: string
}

export type TwilioSend = WhatsAppSend | SmsSend

export type ParsedSend = { ok: true; send: TwilioSend } | { ok: false; failure: TwilioFailure }

// §7.4: Twilio takes bodies of up to 1,600 characters (it splits them into segments for SMS).
const MAX_BODY = 1600
const E164 = /^\+[1-9]\d{6,14}$/
const WHATSAPP = 'whatsapp:'

class Refused extends Error {
  constructor(readonly failure: TwilioFailure) {
    super(failure.message ?? String(failure.code))
  }
}

export function parseTwilioSend(form: URLSearchParams, numbers: TwilioNumbers): ParsedSend {
  try {
    return { ok: true, send: parse(form, numbers) }
  } catch (e) {
    if (e instanceof Refused) return { ok: false, failure: e.failure }
    throw e
  }
}

function parse(form: URLSearchParams, numbers: TwilioNumbers): TwilioSend {
  const to = form.get('To')
  if (!to) refuse(21604)
  const from = form.get('From')
  if (!from) {
    if (form.has('MessagingServiceSid')) refuse(21603, 'The sandbox does not emulate Messaging Services: give From.')
    refuse(21603)
  }
  const channel = from.startsWith(WHATSAPP) ? 'whatsapp' : 'sms'
  if (to.startsWith(WHATSAPP) !== (channel === 'whatsapp')) refuse(21910)
  const fromNumber = channel === 'whatsapp' ? from.slice(WHATSAPP.length) : from
  const toNumber = channel === 'whatsapp' ? to.slice(WHATSAPP.length) : to
  const fromDigits = fromNumber.slice(1)
  if (!E164.test(fromNumber) || !numbers[channel].includes(fromDigits)) refuse(21606, `The 'From' number ${from} is not a ${channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} sender of this account.`)
  if (!E164.test(toNumber)) refuse(21211, `The 'To' number ${to} is not a valid phone number.`)
  const statusCallback = callbackUrl(form)
  const body = form.get('Body')
  if (body !== null && [...body].length > MAX_BODY) refuse(21617)
  const mediaUrls = form.getAll('MediaUrl')
  const contentSid = form.get('ContentSid')
  const variablesText = form.get('ContentVariables')
  if (variablesText !== null && contentSid === null) refuse(21654)
  const base = { from: fromDigits, to: toNumber.slice(1), statusCallback }

  if (channel === 'sms') {
    if (mediaUrls.length > 0 || contentSid !== null) refuse(20422, 'The sandbox emulates plain SMS only: no MediaUrl (MMS) and no ContentSid on an SMS sender.')
    if (!body) refuse(21602)
    return { channel, ...base, body }
  }
  for (const url of mediaUrls) if (!isHttpUrl(url)) refuse(20422, `MediaUrl ${url} is not an http(s) URL.`)
  if (contentSid !== null) {
    if (!SID_PATTERN.HX.test(contentSid)) refuse(21655)
    return { channel, ...base, body: null, mediaUrls: [], content: { sid: contentSid, variables: contentVariables(variablesText) } }
  }
  if (!body && mediaUrls.length === 0) refuse(21619)
  return { channel, ...base, body: body || null, mediaUrls, content: null }
}

/** `ContentVariables`: a JSON object whose values are non-empty strings (numbers are taken as their text). */
function contentVariables(text: string | null): Record<string, string> {
  if (text === null) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    refuse(21656, 'The ContentVariables Parameter is invalid: not a JSON string.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) refuse(21656, 'The ContentVariables Parameter is invalid: not a JSON object.')
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v)
    else if (typeof v === 'string' && v !== '') out[k] = v
    else refuse(21656, `The ContentVariables Parameter is invalid: variable ${k} is null, empty or not a string.`)
  }
  return out
}

function callbackUrl(form: URLSearchParams): string | null {
  const url = form.get('StatusCallback')
  if (url === null || url === '') return null
  if (!isHttpUrl(url)) refuse(21609, `StatusCallback ${url} is not an http(s) URL.`)
  return url
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

function refuse(code: TwilioFailure['code'], message?: string): never {
  throw new Refused(twilioFailure(code, message))
}
