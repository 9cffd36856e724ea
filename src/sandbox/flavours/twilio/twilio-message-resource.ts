/**
 * The Message resource Twilio answers a send with (docs/platform.md §7.2): snake_case fields,
 * counts as strings, RFC 2822 dates in GMT, `status: "queued"` at creation, `error_code` and
 * `error_message` null until the message fails.
 */

export const API_VERSION = '2010-04-01'

export type TwilioMessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed' | 'received'

export interface MessageFacts {
  accountSid: string
  sid: string
  /** As Twilio writes the addresses: `whatsapp:+…` or `+…`. */
  from: string
  to: string
  body: string
  status: TwilioMessageStatus
  numSegments: number
  numMedia: number
  /** Unix milliseconds. */
  createdAt: number
}

/** An RFC 2822 date as Twilio writes it: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000')
}

export function messageResource(m: MessageFacts): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}`
  const date = rfc2822(m.createdAt)
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from,
    messaging_service_sid: null,
    num_media: String(m.numMedia),
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: m.to,
    uri: `${uri}.json`,
  }
}
