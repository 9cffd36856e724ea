import { acceptSend } from '../../accept-send.js'
import type { BusinessNumber } from '../../business-number.js'
import { webhookError, type MetaErrorCode } from '../../errors.js'
import { pricingFor } from '../../pricing.js'
import type { SandboxState } from '../../state.js'
import { countCode } from '../../stats.js'
import { planStatuses } from '../../status-plan.js'
import { validateMessagesCall } from '../../validate-send.js'
import type { OutboundMessage } from '../../webhook-payloads.js'
import type { ContentStore } from './content-store.js'
import { fill, templateComponents } from './content-translate.js'
import { twilioFailure, type TwilioFailure } from './twilio-errors.js'
import type { WhatsAppSend } from './twilio-send-parse.js'

/**
 * A Twilio WhatsApp send through the Meta core (docs/platform.md §7.2): `Body` / `MediaUrl` become a
 * Cloud API text or media message, a `ContentSid` a template message (or, for a Content never
 * approved, a session message) with `ContentVariables` as its parameters, and the core decides as
 * for any WhatsApp number: window, users not on WhatsApp, template checks, rate limits. Twilio
 * queues first and hands the message to WhatsApp afterwards, so everything the core refuses at once
 * (rate limits, template problems) is answered `queued` too and fails in a status callback.
 */

export interface QueuedWhatsApp {
  /** The core's message id; the Twilio SID is derived from it. */
  wamid: string
  /** What the Message resource shows as `body`: the text, the caption or the filled-in Content body. */
  body: string
  numMedia: number
}

export type WhatsAppResult = { ok: true; queued: QueuedWhatsApp } | { ok: false; failure: TwilioFailure }

const MEDIA_BY_EXTENSION: Record<string, 'image' | 'video' | 'audio' | 'document'> = {
  jpg: 'image', jpeg: 'image', png: 'image', webp: 'image', gif: 'image', mp4: 'video', '3gp': 'video', mp3: 'audio', ogg: 'audio', amr: 'audio', m4a: 'audio', aac: 'audio',
}

export function sendWhatsApp(state: SandboxState, number: BusinessNumber, send: WhatsAppSend, contents: ContentStore, now: number): WhatsAppResult {
  const built = metaBody(send, contents)
  if (!built.ok) return built
  const validated = validateMessagesCall(built.body)
  if (!validated.ok) return queuedToFail(state, number, send.to, validated.failure.code, built.shown, send.mediaUrls.length, now)
  if (validated.call.kind !== 'send') throw new Error('sandbox twilio: a send became a read receipt')
  const outcome = acceptSend(state, number, validated.call.request, null, now)
  if (!outcome.ok) return queuedToFail(state, number, send.to, outcome.failure.code, built.shown, send.mediaUrls.length, now)
  const wamid = (outcome.body as { messages: Array<{ id: string }> }).messages[0]!.id
  return { ok: true, queued: { wamid, body: built.shown, numMedia: built.numMedia } }
}

type Built = { ok: true; body: Record<string, unknown>; shown: string; numMedia: number } | { ok: false; failure: TwilioFailure }

function metaBody(send: WhatsAppSend, contents: ContentStore): Built {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: send.to }
  if (send.content) {
    const c = contents.forSend(send.content.sid)
    if (!c) return { ok: false, failure: twilioFailure(21655, `The ContentSid ${send.content.sid} is not a Content of this account.`) }
    const vars = send.content.variables
    if (c.kind === 'template') {
      const t = c.template
      const template = { name: t.name, language: { code: t.language }, components: templateComponents(t, vars, c.defaults, c.mediaUrl) }
      return { ok: true, body: { ...base, type: 'template', template }, shown: fill(c.body, vars, c.defaults), numMedia: 0 }
    }
    const body = fill(c.body, vars, c.defaults)
    return freeForm(base, body || null, c.mediaUrl === null ? [] : [fill(c.mediaUrl, vars, c.defaults)])
  }
  return freeForm(base, send.body, send.mediaUrls)
}

function freeForm(base: Record<string, unknown>, body: string | null, mediaUrls: string[]): Built {
  if (mediaUrls.length > 1) return { ok: false, failure: twilioFailure(20422, 'WhatsApp takes one MediaUrl per message.') }
  const url = mediaUrls[0]
  if (url === undefined) return { ok: true, body: { ...base, type: 'text', text: { body: body ?? '' } }, shown: body ?? '', numMedia: 0 }
  const type = mediaType(url)
  // Audio takes no caption on WhatsApp (§1.4): the body does not go with it.
  const media = body !== null && type !== 'audio' ? { link: url, caption: body } : { link: url }
  return { ok: true, body: { ...base, type, [type]: media }, shown: body ?? '', numMedia: 1 }
}

function mediaType(url: string): 'image' | 'video' | 'audio' | 'document' {
  const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase() ?? ''
  return MEDIA_BY_EXTENSION[ext] ?? 'document'
}

/** Answered `queued`; its only status is a `failed` one with Twilio's code for `code`, at the usual `sent` delay. */
function queuedToFail(state: SandboxState, number: BusinessNumber, to: string, code: MetaErrorCode, shown: string, numMedia: number, now: number): WhatsAppResult {
  const wamid = state.ids.wamid(to, 'outbound')
  const message: OutboundMessage = { wamid, recipientId: to, recipientUserId: null, biz: null, pricing: pricingFor(null, false, now, 0), conversation: null }
  for (const p of planStatuses(message, number, { kind: 'fail', error: webhookError(code) }, now, state.options.statusDelaysMs, state.dice)) state.statuses.push(p.delayMs, p.status)
  countCode(state.counters.failed, code)
  return { ok: true, queued: { wamid, body: shown, numMedia } }
}
