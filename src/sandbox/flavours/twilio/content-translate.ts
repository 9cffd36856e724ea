import type { TemplateDefinition } from '../../sample-templates.js'
import { bodyOf, buttonsOf, headerOf, type StoredTemplate } from '../../template-model.js'
import { variableNames } from '../../template-variables.js'

/**
 * Between Twilio's Content templates (docs/platform.md §7.2: `types` such as `twilio/text`,
 * `twilio/quick-reply`, `twilio/media`, and sample `variables` keyed "1", "2"… or by name) and the
 * Meta templates of the shared template store: a Content submitted for WhatsApp approval becomes a
 * template definition, a stored template is shown as Content, and a send's `ContentVariables` become
 * the template message's parameters.
 */

/** The content types the sandbox understands, by Twilio's names; others are kept and shown but cannot be submitted. */
export interface TextType {
  body: string
}
export interface QuickReplyType {
  body: string
  actions: Array<{ title: string; id?: string }>
}
export interface MediaType {
  body?: string
  media: string[]
}

export type ContentTypes = Record<string, unknown>

export type Translation<T> = { ok: true; value: T } | { ok: false; problem: string }

type HeaderMedia = 'IMAGE' | 'VIDEO' | 'DOCUMENT'

const MEDIA_BY_EXTENSION: Record<string, HeaderMedia> = {
  jpg: 'IMAGE', jpeg: 'IMAGE', png: 'IMAGE', mp4: 'VIDEO', '3gp': 'VIDEO', pdf: 'DOCUMENT', doc: 'DOCUMENT', docx: 'DOCUMENT', xlsx: 'DOCUMENT',
}
const SAMPLE_MEDIA: Record<HeaderMedia, string> = {
  IMAGE: 'https://example.com/sandbox-sample.jpg',
  VIDEO: 'https://example.com/sandbox-sample.mp4',
  DOCUMENT: 'https://example.com/sandbox-sample.pdf',
}

/** The definition a Content becomes when submitted for WhatsApp approval as `name` in `category`. */
export function templateDefinition(
  content: { language: string; variables: Record<string, string>; types: ContentTypes },
  name: string,
  category: string,
): Translation<TemplateDefinition> {
  const quick = asQuickReply(content.types['twilio/quick-reply'])
  const media = asMedia(content.types['twilio/media'])
  const text = asText(content.types['twilio/text'])
  // Twilio sends the richest type the channel supports (§7.2); WhatsApp supports all three.
  const body = quick?.body ?? media?.body ?? text?.body
  if (body === undefined) {
    const known = Object.keys(content.types).join(', ') || 'none'
    return { ok: false, problem: `The sandbox submits twilio/text, twilio/quick-reply and twilio/media content only (this one has: ${known}).` }
  }
  const components: Array<Record<string, unknown>> = []
  if (!quick && media) {
    const url = media.media[0]!
    components.push({ type: 'HEADER', format: mediaFormat(url), example: { header_handle: [url] } })
  }
  const names = variableNames(body)
  const named = names.some((n) => !/^\d+$/.test(n))
  const bodyComponent: Record<string, unknown> = { type: 'BODY', text: body }
  if (names.length > 0) {
    bodyComponent.example = named
      ? { body_text_named_params: names.map((n) => ({ param_name: n, example: content.variables[n] ?? '' })) }
      : { body_text: [names.map((n) => content.variables[n] ?? '')] }
  }
  components.push(bodyComponent)
  if (quick) components.push({ type: 'BUTTONS', buttons: quick.actions.map((a) => ({ type: 'QUICK_REPLY', text: a.title })) })
  return {
    ok: true,
    value: { name, language: content.language, category, ...(named ? { parameter_format: 'NAMED' } : {}), components },
  }
}

/** A stored template as Content: its body (with quick replies or a media header) and its sample values as `variables`. */
export function contentOf(t: StoredTemplate): { types: ContentTypes; variables: Record<string, string> } {
  const body = bodyOf(t)!
  const names = variableNames(body.text)
  const variables: Record<string, string> = {}
  const positional = body.example?.body_text?.[0] ?? []
  const namedSamples = body.example?.body_text_named_params ?? []
  names.forEach((n, i) => {
    const sample = t.parameterFormat === 'NAMED' ? namedSamples.find((p) => p.param_name === n)?.example : positional[i]
    if (sample !== undefined) variables[n] = sample
  })
  const replies = buttonsOf(t).filter((b) => b.type === 'QUICK_REPLY')
  const header = headerOf(t)
  const types: ContentTypes = { 'twilio/text': { body: body.text } }
  if (replies.length > 0) types['twilio/quick-reply'] = { body: body.text, actions: replies.map((b) => ({ title: b.text ?? '', id: b.text ?? '' })) }
  else if (header && isHeaderMedia(header.format)) types['twilio/media'] = { body: body.text, media: [headerSample(header.example?.header_handle?.[0], header.format)] }
  return { types, variables }
}

/**
 * The `components` of a template message sending `t` with `variables` (falling back to the Content's
 * own sample values, as Twilio does): the body's parameters in the template's order, and a media
 * header's link from the Content's `twilio/media` URL (variables filled in) or a sample.
 */
export function templateComponents(
  t: StoredTemplate,
  variables: Record<string, string>,
  defaults: Record<string, string>,
  mediaUrl: string | null,
): unknown[] {
  const components: unknown[] = []
  const header = headerOf(t)
  if (header && isHeaderMedia(header.format)) {
    const type = header.format.toLowerCase()
    const link = mediaUrl === null ? headerSample(header.example?.header_handle?.[0], header.format) : fill(mediaUrl, variables, defaults)
    components.push({ type: 'header', parameters: [{ type, [type]: { link } }] })
  }
  const names = variableNames(bodyOf(t)!.text)
  const given = names.map((n) => ({ n, value: variables[n] ?? defaults[n] })).filter((p): p is { n: string; value: string } => p.value !== undefined)
  if (given.length > 0) {
    const named = t.parameterFormat === 'NAMED'
    components.push({ type: 'body', parameters: given.map((p) => (named ? { type: 'text', parameter_name: p.n, text: p.value } : { type: 'text', text: p.value })) })
  }
  return components
}

/** A Content's body with its variables filled in (missing ones keep their `{{n}}`), as a session message or the resource's `body`. */
export function fill(text: string, variables: Record<string, string>, defaults: Record<string, string> = {}): string {
  return text.replace(/\{\{([^{}]+)\}\}/g, (whole, name: string) => variables[name] ?? defaults[name] ?? whole)
}

/** The body and media a Content would send as a session (free-form) message. */
export function sessionContent(types: ContentTypes): { body: string; mediaUrl: string | null } | null {
  const quick = asQuickReply(types['twilio/quick-reply'])
  const media = asMedia(types['twilio/media'])
  const text = asText(types['twilio/text'])
  const body = quick?.body ?? media?.body ?? text?.body
  if (body === undefined && !media) return null
  return { body: body ?? '', mediaUrl: media?.media[0] ?? null }
}

/** The media a Content's `twilio/media` type names, if any. */
export function contentMediaUrl(types: ContentTypes): string | null {
  return asMedia(types['twilio/media'])?.media[0] ?? null
}

function asText(v: unknown): TextType | null {
  return isRecord(v) && typeof v.body === 'string' ? { body: v.body } : null
}

function asQuickReply(v: unknown): QuickReplyType | null {
  if (!isRecord(v) || typeof v.body !== 'string' || !Array.isArray(v.actions)) return null
  const actions = v.actions.filter(isRecord).filter((a) => typeof a.title === 'string')
  return { body: v.body, actions: actions.map((a) => ({ title: a.title as string, ...(typeof a.id === 'string' ? { id: a.id } : {}) })) }
}

function asMedia(v: unknown): MediaType | null {
  if (!isRecord(v) || !Array.isArray(v.media) || v.media.length === 0 || typeof v.media[0] !== 'string') return null
  return { ...(typeof v.body === 'string' ? { body: v.body } : {}), media: v.media.filter((m): m is string => typeof m === 'string') }
}

function mediaFormat(url: string): HeaderMedia {
  const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase() ?? ''
  return MEDIA_BY_EXTENSION[ext] ?? 'DOCUMENT'
}

function isHeaderMedia(format: string): format is HeaderMedia {
  return format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT'
}

/** A media header's sample: the template's own handle when it is a URL, else a sample file of that kind. */
function headerSample(handle: string | undefined, format: HeaderMedia): string {
  return handle !== undefined && /^https?:\/\//.test(handle) ? handle : SAMPLE_MEDIA[format]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
