import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { HandshakeResult, ProviderEvent, WebhookParse, WebhookRequest, WebhookVerification } from '../../core/providers/provider.js'
import { sameSecret } from '../webhook-token.js'
import { parseMessagesValue } from './meta-webhook-messages.js'
import { isPlausibleEpochSeconds } from './meta-time.js'
import { type ChangeContext, parseTemplateCategoryValue, parseTemplateQualityValue, parseTemplateStatusValue } from './meta-webhook-templates.js'

const SIGNATURE_HEADER = 'x-hub-signature-256'
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>` over the bytes exactly
 * as received. Meta signs its own serialisation (`\u00e9`, `\/`), so re-serialised JSON would not match.
 */
export function verifyMetaSignature(appSecret: string, request: WebhookRequest): WebhookVerification {
  const header = headerValue(request.headers, SIGNATURE_HEADER)
  if (header === undefined) return { ok: false, reason: 'missing_signature' }
  const match = SIGNATURE.exec(header.trim())
  if (!match?.[1]) return { ok: false, reason: 'bad_signature' }
  const given = Buffer.from(match[1], 'hex')
  const expected = createHmac('sha256', appSecret).update(request.rawBody).digest()
  // timingSafeEqual throws on unequal lengths; the regex already fixes 32 bytes, this keeps it so.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' }
  return { ok: true }
}

/** Case-insensitive header lookup; a header sent twice yields '' so that it fails as a bad signature. */
function headerValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue
    return Array.isArray(value) ? (value.length === 1 ? value[0] : '') : value
  }
  return undefined
}

/** Answers Meta's GET subscription handshake: echo `hub.challenge` when mode and token match. */
export function answerMetaHandshake(verifyToken: string, query: Readonly<Record<string, string | undefined>>): HandshakeResult {
  const challenge = query['hub.challenge']
  if (query['hub.mode'] !== 'subscribe' || challenge === undefined) return { ok: false }
  if (!sameSecret(query['hub.verify_token'] ?? '', verifyToken)) return { ok: false }
  return { ok: true, body: challenge }
}

const Envelope = z.object({
  object: z.string(),
  entry: z.array(z.object({ time: z.unknown().optional(), changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
})

/**
 * Parsers by webhook `field`. Fields without one (phone number quality, account updates…) are
 * kept as ignored events; reading another field means adding an entry here.
 */
const FIELD_PARSERS: Readonly<Record<string, (value: unknown, context: ChangeContext) => ProviderEvent[]>> = {
  messages: parseMessagesValue,
  message_template_status_update: parseTemplateStatusValue,
  template_category_update: parseTemplateCategoryValue,
  message_template_quality_update: parseTemplateQualityValue,
}

/**
 * `entry.time`: Unix seconds (a JSON number) at which Meta triggered the webhook; template changes
 * carry no time of their own. 0 when absent, unreadable or implausible, for the core to stamp the receipt time.
 */
function entryTime(time: unknown): number {
  const seconds = typeof time === 'string' && /^\d+$/.test(time) ? Number(time) : time
  return typeof seconds === 'number' && isPlausibleEpochSeconds(seconds) ? seconds * 1000 : 0
}

/** Turns a (verified) raw webhook body into events: every entry, change, status and message. */
export function parseMetaWebhook(rawBody: Buffer): WebhookParse {
  let json: unknown
  try {
    json = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'body is not JSON' }
  }
  const envelope = Envelope.safeParse(json)
  if (!envelope.success) return { ok: false, reason: `not a WhatsApp webhook envelope: ${envelope.error.issues[0]?.message ?? 'invalid'}` }
  if (envelope.data.object !== 'whatsapp_business_account') return { ok: false, reason: `unexpected object "${envelope.data.object}"` }
  const events = envelope.data.entry.flatMap((entry) => {
    const context: ChangeContext = { at: entryTime(entry.time) }
    return entry.changes.flatMap((change): ProviderEvent[] => {
      const parse = Object.hasOwn(FIELD_PARSERS, change.field) ? FIELD_PARSERS[change.field] : undefined
      return parse ? parse(change.value, context) : [{ kind: 'ignored', reason: `field:${change.field}` }]
    })
  })
  return { ok: true, events }
}
