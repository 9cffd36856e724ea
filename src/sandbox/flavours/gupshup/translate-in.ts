import { bodyOf, buttonsOf, headerOf, type StoredTemplate } from '../../template-model.js'
import { variableNames } from '../../template-variables.js'
import { isObject, type Json } from '../../validate-helpers.js'
import { GupshupError } from './answers.js'
import type { ReplyOption, SentMessage } from './sent-messages.js'

/**
 * Gupshup's `message` and `template` JSON (docs/platform.md §7.1) turned into the Cloud API body the
 * core validates and sends (§1.2–1.6). Shape problems that are Gupshup's own (not JSON, an unknown
 * type, a missing field) are refused here; limits (lengths, button counts) are the core's, whose
 * refusal the route answers in Gupshup's format.
 *
 * Quick-reply and list options reach the core as reply ids `postbackText ?? title`, which is
 * what a simulated user's tap names (`userSends(…, {interactive: {type, id, title}})`).
 */

export interface Translated {
  body: Json
  replies?: SentMessage['replies']
}

/** Parses a form field holding JSON; `what` names it in the refusal. */
export function jsonField(raw: string | null, what: string): Json {
  if (raw === null || raw === '') throw new GupshupError(400, `Missing ${what}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new GupshupError(400, `Invalid ${what}: not a JSON object`)
  }
  if (!isObject(parsed)) throw new GupshupError(400, `Invalid ${what}: not a JSON object`)
  return parsed
}

function str(m: Json, key: string, what: string): string {
  const v = m[key]
  if (typeof v !== 'string' || v === '') throw new GupshupError(400, `Invalid ${what}: ${key} is required`)
  return v
}

function optional(m: Json, key: string): string | undefined {
  return typeof m[key] === 'string' && m[key] !== '' ? (m[key] as string) : undefined
}

const envelope = (destination: string, rest: Json): Json => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: destination, ...rest })

/** A session message (`/wa/api/v1/msg`). */
export function sessionToMeta(m: Json, destination: string): Translated {
  const type = m.type
  switch (type) {
    case 'text': {
      const text: Json = { body: str(m, 'text', 'message') }
      if (m.previewUrl === true) text.preview_url = true
      return { body: envelope(destination, { type: 'text', text }) }
    }
    case 'image':
      return { body: envelope(destination, { type: 'image', image: media(str(m, 'originalUrl', 'message'), optional(m, 'caption')) }) }
    case 'video':
      return { body: envelope(destination, { type: 'video', video: media(str(m, 'url', 'message'), optional(m, 'caption')) }) }
    case 'audio':
    case 'sticker':
      return { body: envelope(destination, { type, [type]: { link: str(m, 'url', 'message') } }) }
    case 'file': {
      const document = media(str(m, 'url', 'message'), optional(m, 'caption'))
      const filename = optional(m, 'filename')
      if (filename) document.filename = filename
      return { body: envelope(destination, { type: 'document', document }) }
    }
    case 'location':
      return { body: envelope(destination, { type: 'location', location: location(m) }) }
    case 'quick_reply':
      return quickReply(m, destination)
    case 'list':
      return list(m, destination)
    default:
      throw new GupshupError(400, `Invalid message: unsupported type ${String(type)}`)
  }
}

function media(link: string, caption: string | undefined): Json {
  return caption === undefined ? { link } : { link, caption }
}

function location(m: Json): Json {
  const out: Json = { longitude: Number(m.longitude), latitude: Number(m.latitude) }
  if (!Number.isFinite(out.longitude) || !Number.isFinite(out.latitude)) throw new GupshupError(400, 'Invalid message: location needs longitude and latitude')
  for (const k of ['name', 'address']) if (typeof m[k] === 'string') out[k] = m[k]
  return out
}

function options(raw: unknown, what: string): ReplyOption[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new GupshupError(400, `Invalid message: ${what} are required`)
  return raw.map((o) => {
    if (!isObject(o) || typeof o.title !== 'string' || o.title === '') throw new GupshupError(400, `Invalid message: every one of ${what} needs a title`)
    const postbackText = optional(o, 'postbackText')
    const description = optional(o, 'description')
    return { id: postbackText ?? o.title, title: o.title, ...(postbackText ? { postbackText } : {}), ...(description ? { description } : {}) }
  })
}

/** `{type:"quick_reply", msgid, content:{type, text|url, header?, caption?}, options:[{type:"text", title, postbackText?}]}`. */
function quickReply(m: Json, destination: string): Translated {
  const content = isObject(m.content) ? m.content : null
  if (!content) throw new GupshupError(400, 'Invalid message: quick_reply needs content')
  const replies = options(m.options, 'options')
  const interactive: Json = { type: 'button', action: { buttons: replies.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.title } })) } }
  if (content.type === 'text') {
    interactive.body = { text: str(content, 'text', 'message') }
    const header = optional(content, 'header')
    if (header) interactive.header = { type: 'text', text: header }
    // For text content Gupshup's `caption` is the footer line.
    const footer = optional(content, 'caption')
    if (footer) interactive.footer = { text: footer }
  } else if (content.type === 'image' || content.type === 'video' || content.type === 'file') {
    const kind = content.type === 'file' ? 'document' : content.type
    interactive.header = { type: kind, [kind]: { link: str(content, 'url', 'message') } }
    interactive.body = { text: optional(content, 'text') ?? str(content, 'caption', 'message') }
  } else {
    throw new GupshupError(400, `Invalid message: quick_reply content type ${String(content.type)}`)
  }
  return { body: envelope(destination, { type: 'interactive', interactive }), replies: { msgid: optional(m, 'msgid') ?? '', options: replies } }
}

/** `{type:"list", title, body, footer?, msgid, globalButtons:[{type:"text", title}], items:[{title, options:[…]}]}`. */
function list(m: Json, destination: string): Translated {
  const button = Array.isArray(m.globalButtons) && isObject(m.globalButtons[0]) ? optional(m.globalButtons[0], 'title') : undefined
  if (!button) throw new GupshupError(400, 'Invalid message: list needs globalButtons[0].title')
  if (!Array.isArray(m.items) || m.items.length === 0) throw new GupshupError(400, 'Invalid message: list needs items')
  const all: ReplyOption[] = []
  const sections = m.items.map((item) => {
    if (!isObject(item)) throw new GupshupError(400, 'Invalid message: every item must be an object')
    const rows = options(item.options, 'item options')
    all.push(...rows)
    const section: Json = { rows: rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })) }
    if (typeof item.title === 'string' && item.title !== '') section.title = item.title
    return section
  })
  const interactive: Json = { type: 'list', body: { text: str(m, 'body', 'message') }, action: { button, sections } }
  const title = optional(m, 'title')
  if (title) interactive.header = { type: 'text', text: title }
  const footer = optional(m, 'footer')
  if (footer) interactive.footer = { text: footer }
  return { body: envelope(destination, { type: 'interactive', interactive }), replies: { msgid: optional(m, 'msgid') ?? '', options: all } }
}

/**
 * A template message (`/wa/api/v1/template/msg`): `params` hold every variable of the message in
 * order (docs/platform.md §7.1): a text header's values, then the body's (named templates in the
 * order their variables first appear), then a dynamic URL button's suffix. `message`, for a media
 * or location header, is `{type, image|video|document|location: {…}}`.
 */
export function templateToMeta(t: StoredTemplate, params: unknown, headerMessage: Json | null, destination: string): Json {
  if (params !== undefined && !Array.isArray(params)) throw new GupshupError(400, 'Invalid template: params must be an array')
  const values = ((params as unknown[] | undefined) ?? []).map(String)
  const components: Json[] = []
  const header = headerOf(t)
  const named = t.parameterFormat === 'NAMED'
  const textParameters = (names: readonly string[], taken: readonly string[]) =>
    taken.map((text, i) => (named && names[i] ? { type: 'text', parameter_name: names[i], text } : { type: 'text', text }))
  const headerNames = header?.format === 'TEXT' ? variableNames(header.text) : []
  const bodyNames = variableNames(bodyOf(t)?.text)
  const headerValues = values.slice(0, headerNames.length)
  const bodyValues = values.slice(headerNames.length, headerNames.length + bodyNames.length)
  const buttonValues = values.slice(headerNames.length + bodyNames.length)
  if (header && header.format !== 'TEXT' && headerMessage) {
    const kind = String(headerMessage.type)
    const value = headerMessage[kind]
    if (!isObject(value)) throw new GupshupError(400, `Invalid message: ${kind} object is required`)
    components.push({ type: 'header', parameters: [{ type: kind, [kind]: value }] })
  }
  if (headerValues.length > 0) components.push({ type: 'header', parameters: textParameters(headerNames, headerValues) })
  if (bodyValues.length > 0) components.push({ type: 'body', parameters: textParameters(bodyNames, bodyValues) })
  // What is left goes to the URL buttons whose address ends in a variable, in their order.
  const dynamicUrls = buttonsOf(t).flatMap((button, index) => (button.type === 'URL' && button.url?.includes('{{') ? [index] : []))
  dynamicUrls.forEach((index, i) => {
    const text = buttonValues[i]
    if (text !== undefined) components.push({ type: 'button', sub_type: 'url', index: String(index), parameters: [{ type: 'text', text }] })
  })
  // More values than the template has variables: the core's count check refuses them (132000).
  if (buttonValues.length > dynamicUrls.length) {
    const extra = buttonValues.slice(dynamicUrls.length)
    const body = components.find((c) => c.type === 'body') as { parameters: Json[] } | undefined
    if (body) body.parameters.push(...extra.map((text) => ({ type: 'text', text })))
    else components.push({ type: 'body', parameters: extra.map((text) => ({ type: 'text', text })) })
  }
  return envelope(destination, { type: 'template', template: { name: t.name, language: { code: t.language }, components } })
}
