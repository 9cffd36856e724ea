import { bodyOf, buttonsOf, footerOf, headerOf, type StoredTemplate } from '../../template-model.js'
import { hydrate, variableNames } from '../../template-variables.js'
import { isObject, type Json } from '../../validate-helpers.js'
import { GupshupError } from './answers.js'
import { GUPSHUP, gupshupTemplateId } from './identity.js'

/**
 * Gupshup's view of the shared template store (docs/platform.md §7.1): templates listed with
 * Gupshup's UUIDs and fields, and the partner API's form-encoded create turned into Meta's
 * create body, so that review, seeds and send-time checks are the core's.
 */

const TYPE_OF_HEADER = { TEXT: 'TEXT', IMAGE: 'IMAGE', VIDEO: 'VIDEO', DOCUMENT: 'DOCUMENT', LOCATION: 'LOCATION' } as const

/** A template as the list API answers it. */
export function gupshupTemplate(t: StoredTemplate, wabaId: string): Json {
  const body = bodyOf(t)
  const header = headerOf(t)
  const footer = footerOf(t)
  const buttons = buttonsOf(t)
  const sample = sampleText(t)
  const container: Json = { data: body?.text ?? '', sampleText: sample, enableSample: true }
  if (header?.format === 'TEXT' && header.text) container.header = header.text
  if (footer) container.footer = footer.text
  if (buttons.length > 0) container.buttons = buttons
  const out: Json = {
    id: gupshupTemplateId(t.id),
    appId: GUPSHUP.appId,
    elementName: t.name,
    languageCode: t.language,
    category: t.category,
    templateType: header ? TYPE_OF_HEADER[header.format] : 'TEXT',
    status: t.status,
    data: body?.text ?? '',
    meta: JSON.stringify({ example: sample }),
    containerMeta: JSON.stringify(container),
    createdOn: t.createdAt,
    modifiedOn: t.history.at(-1)?.at ?? t.createdAt,
    externalId: t.id,
    wabaId,
    namespace: `sandbox_${wabaId}`,
    vertical: 'sandbox',
    languagePolicy: 'deterministic',
    quality: t.quality.score,
    priority: 1,
    retry: 0,
    stage: 'NONE',
  }
  if (buttons.length > 0) out.buttonSupported = [...new Set(buttons.map((b) => BUTTON_CODES[b.type] ?? b.type))].join(',')
  if (t.status === 'REJECTED') out.reason = t.rejectedReason
  if (t.previousCategory) out.oldCategory = t.previousCategory
  return out
}

const BUTTON_CODES: Record<string, string> = { QUICK_REPLY: 'QR', URL: 'URL', PHONE_NUMBER: 'PN', COPY_CODE: 'CC', OTP: 'OTP' }

/** The body with its example values in place, as Gupshup's `meta.example` shows it. */
function sampleText(t: StoredTemplate): string {
  const body = bodyOf(t)
  if (!body) return ''
  const positional = body.example?.body_text?.[0]
  const named = body.example?.body_text_named_params
  if (named) return hydrate(body.text, Object.fromEntries(named.map((n) => [n.param_name, n.example])))
  if (positional) return hydrate(body.text, positional)
  return body.text
}

/**
 * `POST /partner/app/{appId}/templates` (form): `elementName`, `languageCode` (default en_US),
 * `category`, `templateType`, `content`, `example` (the content with sample values), `header`,
 * `exampleHeader`, `footer`, `buttons` (JSON), `exampleMedia` (a media handle),
 * `addSecurityRecommendation` → Meta's create body.
 */
export function createBody(form: URLSearchParams): Json {
  const field = (k: string) => {
    const v = form.get(k)
    return v === null || v === '' ? undefined : v
  }
  const name = field('elementName')
  const content = field('content')
  const category = field('category')
  if (!name) throw new GupshupError(400, 'elementName is required')
  if (!content) throw new GupshupError(400, 'content is required')
  if (!category) throw new GupshupError(400, 'category is required')
  const templateType = (field('templateType') ?? 'TEXT').toUpperCase()
  const components: Json[] = []

  if (templateType === 'TEXT') {
    const header = field('header')
    if (header) {
      const h: Json = { type: 'HEADER', format: 'TEXT', text: header }
      const exampleHeader = field('exampleHeader')
      if (variableNames(header).length > 0 && exampleHeader) h.example = { header_text: [exampleHeader] }
      components.push(h)
    }
  } else if (templateType === 'IMAGE' || templateType === 'VIDEO' || templateType === 'DOCUMENT') {
    const handle = field('exampleMedia')
    components.push({ type: 'HEADER', format: templateType, ...(handle ? { example: { header_handle: [handle] } } : {}) })
  } else if (templateType === 'LOCATION') {
    components.push({ type: 'HEADER', format: 'LOCATION' })
  } else {
    throw new GupshupError(400, `templateType ${templateType} is not supported`)
  }

  const names = variableNames(content)
  const named = names.some((n) => !/^\d+$/.test(n))
  const body: Json = { type: 'BODY', text: content }
  const samples = names.length > 0 ? exampleValues(content, names, field('example')) : null
  if (samples) body.example = named ? { body_text_named_params: names.map((n, i) => ({ param_name: n, example: samples[i]! })) } : { body_text: [samples] }
  if (field('addSecurityRecommendation') === 'true') body.add_security_recommendation = true
  components.push(body)

  const footer = field('footer')
  if (footer) components.push({ type: 'FOOTER', text: footer })
  const buttons = field('buttons')
  if (buttons) components.push({ type: 'BUTTONS', buttons: parseButtons(buttons) })

  return {
    name,
    language: field('languageCode') ?? 'en_US',
    category: category.toUpperCase(),
    ...(named ? { parameter_format: 'NAMED' } : {}),
    components,
  }
}

/**
 * The sample value of each variable, read by matching `example` against `content` (Gupshup takes
 * the example as the whole text with the values filled in); null when it does not fit, which the
 * core then refuses as a template without samples.
 */
function exampleValues(content: string, names: string[], example: string | undefined): string[] | null {
  if (!example) return null
  const order: string[] = []
  const pattern = content.replace(/\{\{\s*([^}]+?)\s*\}\}|[.*+?^${}()|[\]\\]/g, (match: string, name: string | undefined) => {
    if (name === undefined) return `\\${match}`
    order.push(name)
    return '(.+?)'
  })
  const found = new RegExp(`^${pattern}$`, 's').exec(example)
  if (!found) return null
  const values = new Map<string, string>()
  order.forEach((n, i) => {
    if (!values.has(n)) values.set(n, found[i + 1]!)
  })
  return names.map((n) => values.get(n)!)
}

function parseButtons(raw: string): Json[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new GupshupError(400, 'buttons must be a JSON array')
  }
  if (!Array.isArray(parsed)) throw new GupshupError(400, 'buttons must be a JSON array')
  return parsed.map((b) => {
    if (!isObject(b)) throw new GupshupError(400, 'every button must be an object')
    const out: Json = { ...b, type: String(b.type).toUpperCase() }
    // Meta takes a URL button's example as an array.
    if (out.type === 'URL' && typeof out.example === 'string') out.example = [out.example]
    return out
  })
}

/** A `message_template_status_update` of the store (§2.7) as Gupshup's `template-event` payload. */
export function templateEvent(value: Json): Json | null {
  if (value.message_template_id === undefined || typeof value.event !== 'string') return null
  const payload: Json = { id: gupshupTemplateId(String(value.message_template_id)), type: 'status-update', status: value.event }
  if (value.event === 'REJECTED') payload.rejectedReason = value.reason
  return payload
}
