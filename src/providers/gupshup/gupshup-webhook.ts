import { z } from 'zod'
import type { ProviderEvent, WebhookParse, WebhookReceiver } from '../../core/providers/provider.js'
import { isPlausibleEpochSeconds } from '../meta-cloud/meta-time.js'
import { verifyUrlToken } from '../webhook-token.js'
import type { ResolvedGupshupAccount } from './gupshup-account.js'
import type { TemplateDirectory } from './gupshup-template-directory.js'
import { parseMessageEvent, parseTemplateEvent } from './gupshup-webhook-events.js'
import { type CallbackContext, parseInboundPayload } from './gupshup-webhook-messages.js'

/** Milliseconds since the epoch (a number; a string of digits is tolerated) between the years 2000 and 2100. */
const Millis = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .refine((ms) => Number.isInteger(ms) && isPlausibleEpochSeconds(Math.floor(ms / 1000)), 'not milliseconds between the years 2000 and 2100')

const Callback = z.object({
  app: z.string(),
  timestamp: z.unknown(),
  type: z.string(),
  payload: z.unknown(),
  // The app's own number, on newer callbacks: whose conversation an inbound message is.
  phone: z.union([z.string(), z.number()]).optional().catch(undefined),
})

/**
 * Gupshup's v2 callbacks (docs/platform.md §7.1): one event per POST. They are unsigned, so the
 * account's secret is the `?token=` of the callback URL, and the body must name the account's own
 * app: a callback for another app at this URL is refused, not filed under the wrong account.
 */
export function createGupshupReceiver(account: ResolvedGupshupAccount, directory: TemplateDirectory): WebhookReceiver {
  return {
    verify: (request) => verifyUrlToken(account.webhookSecret, request),
    parse: (rawBody) => parseGupshupCallback(rawBody, account.appName, directory),
  }
}

/** Turns a (verified) callback body into events. */
export function parseGupshupCallback(rawBody: Buffer, appName: string, directory: TemplateDirectory): WebhookParse {
  let json: unknown
  try {
    json = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'body is not JSON' }
  }
  const callback = Callback.safeParse(json)
  if (!callback.success) {
    const v3 = typeof json === 'object' && json !== null && 'gs_app_id' in json
    return { ok: false, reason: v3 ? 'a v3 callback: set the Gupshup app to v2 callbacks' : `not a Gupshup v2 callback: ${callback.error.issues[0]?.message ?? 'invalid'}` }
  }
  const c = callback.data
  if (c.app !== appName) return { ok: false, reason: `a callback for the Gupshup app "${c.app}", not this account's "${appName}"` }
  const at = Millis.safeParse(c.timestamp)
  if (!at.success) return { ok: true, events: [{ kind: 'ignored', reason: `${c.type} with timestamp ${JSON.stringify(c.timestamp)}: ${at.error.issues[0]?.message}` }] }
  const business = c.phone === undefined ? '' : String(c.phone).replace(/\D/g, '')
  const context: CallbackContext = { at: at.data, ...(business ? { businessNumberId: business } : {}) }
  return { ok: true, events: [eventOf(c.type, c.payload, context, directory)] }
}

function eventOf(type: string, payload: unknown, context: CallbackContext, directory: TemplateDirectory): ProviderEvent {
  switch (type) {
    case 'message':
      return parseInboundPayload(payload, context)
    case 'message-event':
      return parseMessageEvent(payload, context)
    case 'template-event':
      return parseTemplateEvent(payload, context, directory)
    case 'user-event': {
      // Parley has no provider event for Gupshup's opt-in register (it is not the contact's consent,
      // §8); `parley providers check` reads the register itself.
      const p = (typeof payload === 'object' && payload !== null ? payload : {}) as { type?: unknown; phone?: unknown }
      return { kind: 'ignored', reason: `user-event:${String(p.type)} for ${String(p.phone)}` }
    }
    default:
      // billing-event and anything newer: nothing for the core to apply.
      return { kind: 'ignored', reason: `callback type ${type}` }
  }
}
