import type { MetaFailure } from './errors.js'
import { phoneDigits } from './users.js'
import { MEDIA_TYPES, validateContacts, validateLocation, validateMedia, validateReaction, validateText, type MediaType } from './validate-content.js'
import { Invalid, invalidParam, isObject, objectAt, oneOf, optionalString, reject, stringAt, type Json } from './validate-helpers.js'
import { validateInteractive } from './validate-interactive.js'
import { validateTemplate, type TemplateRef } from './validate-template.js'

/**
 * Validates a `POST /{phone-number-id}/messages` body the way the Cloud API does (docs/platform.md
 * §1.2–1.6, §1.9) and turns it into either a send or a read receipt. Only request-shape problems
 * are decided here; policy (window, undeliverable users) is decided after acceptance, as on Meta.
 */

export const MESSAGE_TYPES = ['text', ...MEDIA_TYPES, 'interactive', 'template', 'location', 'contacts', 'reaction'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

export type Recipient =
  /** A phone number in `to` (a leading `+` and separators tolerated, §1.2). */
  | { kind: 'phone'; input: string; digits: string }
  /** Something that is not a number in `to`, e.g. a BSUID: Meta answers 200 and it never arrives (§1.2). */
  | { kind: 'opaque'; input: string }
  /** A BSUID in `recipient` (§0, §1.2). */
  | { kind: 'user_id'; input: string }

export interface SendRequest {
  recipient: Recipient
  type: MessageType
  /** The type-specific object (`text`, `image`, …) as sent. */
  content: unknown
  template: TemplateRef | null
  bizOpaqueCallbackData: string | null
  contextMessageId: string | null
}

export type MessagesCall = { kind: 'send'; request: SendRequest } | { kind: 'read'; messageId: string; typing: boolean }

export type Validated = { ok: true; call: MessagesCall } | { ok: false; failure: MetaFailure }

export function validateMessagesCall(body: unknown): Validated {
  try {
    return { ok: true, call: parseCall(body) }
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, failure: e.failure }
    throw e
  }
}

function parseCall(body: unknown): MessagesCall {
  if (!isObject(body)) invalidParam('The request body must be a JSON object.')
  if (body.messaging_product === undefined) invalidParam('The parameter messaging_product is required.')
  oneOf(body.messaging_product, ['whatsapp'] as const, 'messaging_product')
  if (body.status !== undefined) return parseReadReceipt(body)
  return { kind: 'send', request: parseSend(body) }
}

/** §1.9: `{status:"read", message_id}`, optionally with a typing indicator. */
function parseReadReceipt(body: Json): MessagesCall {
  oneOf(body.status, ['read'] as const, 'status')
  const messageId = stringAt(body, 'message_id', '')
  if (body.typing_indicator !== undefined) oneOf(objectAt(body, 'typing_indicator', '').type, ['text'] as const, "typing_indicator['type']")
  return { kind: 'read', messageId, typing: body.typing_indicator !== undefined }
}

function parseSend(body: Json): SendRequest {
  if (body.recipient_type !== undefined) {
    // Group sends (§1.2) are out of scope for Parley and the sandbox.
    oneOf(body.recipient_type, ['individual'] as const, 'recipient_type')
  }
  const recipient = parseRecipient(body)
  const type = body.type === undefined ? 'text' : oneOf(body.type, MESSAGE_TYPES, 'type')
  const content = body[type]
  if (content === undefined || content === null) invalidParam(`The parameter ${type} is required.`)
  let template: TemplateRef | null = null
  if (type === 'contacts') validateContacts(content)
  else if (!isObject(content)) invalidParam(`Param ${type} must be a JSON object.`)
  else if (type === 'text') validateText(content)
  else if (type === 'interactive') validateInteractive(content)
  else if (type === 'template') template = validateTemplate(content)
  else if (type === 'location') validateLocation(content)
  else if (type === 'reaction') validateReaction(content)
  else validateMedia(type as MediaType, content)
  // §1.2: echoed in every status; ≤512 characters.
  const biz = optionalString(body, 'biz_opaque_callback_data', '', { max: 512 }) ?? null
  const context = body.context === undefined ? undefined : objectAt(body, 'context', '')
  const contextMessageId = context ? stringAt(context, 'message_id', 'context') : null
  return { recipient, type, content, template, bizOpaqueCallbackData: biz, contextMessageId }
}

function parseRecipient(body: Json): Recipient {
  const to = body.to
  if (to !== undefined && to !== null && to !== '') {
    if (typeof to !== 'string' && typeof to !== 'number') invalidParam('Param to must be a string.')
    const input = String(to)
    const digits = phoneDigits(input)
    return digits === null ? { kind: 'opaque', input } : { kind: 'phone', input, digits }
  }
  const recipient = body.recipient
  if (recipient !== undefined && recipient !== null && recipient !== '') {
    if (typeof recipient !== 'string') invalidParam('Param recipient must be a string.')
    return { kind: 'user_id', input: recipient }
  }
  return reject(131008, 'The parameter to is required.')
}
