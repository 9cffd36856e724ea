import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { IgnoredEvent, ProviderEvent, WebhookParse, WebhookReceiver, WebhookRequest, WebhookVerification } from '../../core/providers/provider.js'
import { receiptError } from './http-sms-errors.js'

/**
 * The receiver of a generic SMS gateway (docs/platform.md §7.5): delivery receipts and inbound
 * messages as JSON, unsigned, so the account's webhook secret travels as `?token=` in the URL.
 */
export function createHttpSmsReceiver(webhookSecret: string): WebhookReceiver {
  return { verify: (request) => verifyToken(webhookSecret, request), parse: parseHttpSmsWebhook }
}

/** Compares the URL's `token` with the secret in constant time (fixed-size digests: the length does not leak either). */
export function verifyToken(secret: string, request: WebhookRequest): WebhookVerification {
  let token: string | null
  try {
    token = new URL(request.url).searchParams.get('token')
  } catch {
    token = null
  }
  if (token === null || token === '') return { ok: false, reason: 'missing_signature' }
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(token), digest(secret)) ? { ok: true } : { ok: false, reason: 'bad_signature' }
}

const Time = z.string().transform((s, ctx) => {
  const at = Date.parse(s)
  if (!Number.isFinite(at)) {
    ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 time' })
    return z.NEVER
  }
  return at
})

const Receipt = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  reference: z.string().min(1).optional(),
  status: z.string(),
  error_code: z.union([z.string(), z.number()]).transform(String).optional(),
  timestamp: Time,
})

const Inbound = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  from: z.string().regex(/\d/),
  to: z.string().optional(),
  text: z.string(),
  timestamp: Time,
})

const REPORTED = new Map([['sent', 'sent'], ['delivered', 'delivered'], ['failed', 'failed']] as const)
const digits = (phone: string) => phone.replace(/\D/g, '')

/** Turns a (verified) body, one object or an array of them, into events: each receipt and each inbound message. */
export function parseHttpSmsWebhook(rawBody: Buffer): WebhookParse {
  let json: unknown
  try {
    json = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'body is not JSON' }
  }
  const items = Array.isArray(json) ? json : [json]
  if (items.some((item) => typeof item !== 'object' || item === null)) return { ok: false, reason: 'not an object or an array of objects' }
  return { ok: true, events: items.map(eventOf) }
}

function eventOf(item: unknown): ProviderEvent {
  if (Object.hasOwn(item as object, 'status')) {
    const parsed = Receipt.safeParse(item)
    if (!parsed.success) return malformed('receipt', parsed.error)
    const receipt = parsed.data
    const status = REPORTED.get(receipt.status as 'sent')
    if (!status) return { kind: 'ignored', reason: `status:${receipt.status}` }
    return {
      kind: 'status',
      providerMessageId: receipt.id,
      status,
      at: receipt.timestamp,
      ...(receipt.reference ? { messageId: receipt.reference } : {}),
      ...(status === 'failed' ? { error: receiptError(receipt.error_code) } : {}),
    }
  }
  const parsed = Inbound.safeParse(item)
  if (!parsed.success) return malformed('inbound message', parsed.error)
  const message = parsed.data
  const businessNumberId = message.to ? digits(message.to) : ''
  return {
    kind: 'inbound',
    providerMessageId: message.id,
    fromId: digits(message.from),
    fromPhone: `+${digits(message.from)}`,
    at: message.timestamp,
    content: { kind: 'text', text: message.text },
    ...(businessNumberId ? { businessNumberId } : {}),
  }
}

function malformed(what: string, error: z.ZodError): IgnoredEvent {
  return { kind: 'ignored', reason: `malformed ${what}: ${error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}` }
}
