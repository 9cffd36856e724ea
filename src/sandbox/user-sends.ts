import type { BusinessNumber } from './business-number.js'
import { SandboxInputError } from './input-error.js'
import type { SandboxState } from './state.js'
import { phoneDigits, type SimulatedUser } from './users.js'
import { inboundValue, type SimulatedInbound } from './webhook-payloads.js'

/**
 * A simulated user writes to the business: the 24-hour window for (number, user) opens from the
 * message's timestamp (docs/platform.md §4.1) and an inbound `messages` webhook is posted (§2.4),
 * or, for a number a flavour owns, that flavour's callback.
 */

/**
 * `to` picks the business number: a Meta phone_number_id or any sandbox WhatsApp number (E.164,
 * with or without `+`); absent, the first Meta number.
 */
export function userSends(state: SandboxState, phone: string, message: SimulatedInbound, to?: string): string {
  const digits = phoneDigits(phone)
  if (digits === null) throw new SandboxInputError(`not a phone number: ${phone}`)
  const number = to === undefined ? state.defaultNumber : state.numberFor(to)
  if (!number) throw new SandboxInputError(`no sandbox WhatsApp business number ${to}`)
  checkInbound(message)
  let user: SimulatedUser = state.users.resolve(digits)
  // Someone who wrote in is remembered, with the name their profile shows.
  user = state.users.configure(user.phone, message.profileName === undefined ? {} : { profileName: message.profileName })
  const atMs = message.timestamp === undefined ? state.now() : message.timestamp * 1000
  state.windows.open(number.id, user.waId, atMs)
  const wamid = state.ids.wamid(user.waId, 'inbound')
  const context = 'text' in message || 'media' in message || 'location' in message ? null : (message.contextMessageId ?? lastSentTo(state, number, user))
  state.postInbound(number, inboundValue(user, wamid, atMs, message, number.metadata.display_phone_number, context), atMs)
  state.counters.inbound++
  return wamid
}

/** A tap on a button answers the latest message the business sent that user (§2.4 `context.id`). */
function lastSentTo(state: SandboxState, number: BusinessNumber, user: SimulatedUser): string | null {
  for (let i = state.log.length - 1; i >= 0; i--) {
    const m = state.log[i]!
    if (m.phoneNumberId === number.metadata.phone_number_id && (m.provider ?? 'meta') === number.owner && m.waId === user.waId) return m.wamid
  }
  return null
}

function checkInbound(m: SimulatedInbound): void {
  const str = (v: unknown) => typeof v === 'string' && v.length > 0
  if (m.timestamp !== undefined && !(Number.isFinite(m.timestamp) && m.timestamp > 0)) throw new SandboxInputError('timestamp must be Unix seconds')
  if ('text' in m) {
    if (!str(m.text)) throw new SandboxInputError('text must be a non-empty string')
  } else if ('button' in m) {
    if (!str(m.button?.text) || !str(m.button?.payload)) throw new SandboxInputError('button needs text and payload')
  } else if ('interactive' in m) {
    const i = m.interactive
    if (i?.type !== 'button_reply' && i?.type !== 'list_reply') throw new SandboxInputError('interactive.type must be button_reply or list_reply')
    if (!str(i.id) || !str(i.title)) throw new SandboxInputError('interactive needs id and title')
  } else if ('media' in m) {
    const types = ['image', 'video', 'document', 'audio', 'sticker']
    if (!types.includes(m.media?.type)) throw new SandboxInputError(`media.type must be one of ${types.join(', ')}`)
    if (m.media.caption !== undefined && !str(m.media.caption)) throw new SandboxInputError('media.caption must be a non-empty string')
    if (m.media.filename !== undefined && !str(m.media.filename)) throw new SandboxInputError('media.filename must be a non-empty string')
  } else if ('location' in m) {
    const l = m.location
    if (!Number.isFinite(l?.latitude) || !Number.isFinite(l?.longitude)) throw new SandboxInputError('location needs numeric latitude and longitude')
  } else {
    throw new SandboxInputError('a simulated message needs text, button, interactive, media or location')
  }
}
