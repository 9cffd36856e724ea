import { createHash } from 'node:crypto'
import type { StatusPayload } from '../../webhook-payloads.js'
import type { WhatsAppInboundContent } from './twilio-callbacks.js'
import type { TwilioAsyncCode } from './twilio-errors.js'

/**
 * Turns the core's Meta-model events (docs/platform.md §2.4, §2.5) into Twilio's terms (§7.2): a
 * wamid becomes a Message SID (derived from it, so the same message always has the same SID, across
 * restarts too), a status keeps its name, and a Meta error code becomes Twilio's.
 */

/** The Twilio SID of the core message `wamid` (`SM…`, or `MM…` for an inbound message with media). */
export function sidOfWamid(wamid: string, prefix: 'SM' | 'MM' = 'SM'): string {
  return prefix + createHash('sha256').update(wamid).digest('hex').slice(0, 32)
}

// §7.2: Twilio's codes for the core's Meta codes (the 132xxx mapping is the sandbox's choice).
const META_TO_TWILIO: Readonly<Record<number, TwilioAsyncCode>> = {
  131026: 63003,
  131047: 63016,
  130429: 63018,
  131056: 63018,
  131049: 63049,
  132001: 63027,
  132015: 63027,
  132016: 63027,
  132000: 63028,
}

export function twilioCodeOf(metaCode: number): TwilioAsyncCode {
  return META_TO_TWILIO[metaCode] ?? 63021
}

/** The Twilio status and error of a core status. */
export function twilioStatusOf(s: StatusPayload): { status: 'sent' | 'delivered' | 'read' | 'failed'; error: TwilioAsyncCode | null } {
  if (s.status !== 'failed') return { status: s.status, error: null }
  return { status: 'failed', error: twilioCodeOf(s.errors?.[0]?.code ?? 131000) }
}

type Json = Record<string, unknown>

/** The first inbound message of a core `messages` value, as Twilio describes it; null for kinds Twilio's webhook does not carry. */
export function inboundContentOf(message: Json, mediaUrl: (mediaId: string) => string): WhatsAppInboundContent | null {
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {})
  switch (message.type) {
    case 'text':
      return { kind: 'text', body: str(obj(message.text).body) ?? '' }
    case 'button': {
      const b = obj(message.button)
      return { kind: 'button', text: str(b.text) ?? '', payload: str(b.payload) ?? '', interactive: false }
    }
    case 'interactive': {
      const i = obj(message.interactive)
      if (i.type === 'button_reply') {
        const r = obj(i.button_reply)
        return { kind: 'button', text: str(r.title) ?? '', payload: str(r.id) ?? '', interactive: true }
      }
      const r = obj(i.list_reply)
      return { kind: 'list', id: str(r.id) ?? '', title: str(r.title) ?? '', description: str(r.description) }
    }
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker': {
      const m = obj(message[message.type])
      return { kind: 'media', type: message.type, url: mediaUrl(str(m.id) ?? ''), contentType: str(m.mime_type) ?? 'application/octet-stream', caption: str(m.caption) }
    }
    case 'location': {
      const l = obj(message.location)
      return { kind: 'location', latitude: Number(l.latitude), longitude: Number(l.longitude), name: str(l.name), address: str(l.address) }
    }
    default:
      return null
  }
}
