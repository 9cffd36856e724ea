import {
  CATEGORIES, type BodyComponent, type ButtonsComponent, type Category, type FooterComponent, type HeaderComponent, type HeaderFormat,
  type NamedExample, type TemplateButton, type TemplateComponent, type TemplateDraft,
} from './template-model.js'
import { TEMPLATE_LANGUAGES } from './template-languages.js'
import { at, invalidParam, isObject, type Json } from './validate-helpers.js'

/**
 * The shape of a template submission (`POST /{waba-id}/message_templates`, docs/platform.md §3.1): required
 * fields, known enums (case-insensitive on input, upper case when stored, §3.1), examples normalised to
 * Meta's nested `body_text`. Shape problems are Graph's plain code 100; the content rules that have
 * their own subcodes live in `template-rules.ts`.
 */

const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'] as const
const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const
const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW'] as const
const OTP_TYPES = ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'] as const
const PARAMETER_FORMATS = ['POSITIONAL', 'NAMED'] as const
const NAME = /^[a-z0-9_]+$/

// The text Meta writes into authentication templates (§3.1: they take fields, not free text).
const AUTH_BODY = '*{{1}}* is your verification code.'
const AUTH_SECURITY = ' For your security, do not share this code.'

/** Parses a create body; `name`/`language` are checked here because they are the template's identity. */
export function parseDraft(body: unknown): TemplateDraft {
  if (!isObject(body)) invalidParam('The request body must be a JSON object.')
  const name = requiredString(body, 'name')
  if (!NAME.test(name) || name.length > 512) {
    invalidParam('Param name must contain only lowercase letters, digits and underscores, at most 512 characters.')
  }
  const language = requiredString(body, 'language')
  if (!TEMPLATE_LANGUAGES.has(language)) invalidParam(`Param language ${JSON.stringify(language)} is not a supported template language.`)
  const category = upperEnum(body.category, CATEGORIES, 'category')
  const parameterFormat = body.parameter_format === undefined ? 'POSITIONAL' : upperEnum(body.parameter_format, PARAMETER_FORMATS, 'parameter_format')
  const components = parseComponents(body.components, category)
  const draft: TemplateDraft = { name, language, category, parameterFormat, components }
  const ttl = parseTtl(body.message_send_ttl_seconds, category)
  if (ttl !== undefined) draft.ttlSeconds = ttl
  return draft
}

/** An edit (`POST /{template-id}`, §3.6): `category` and/or `components`, and the TTL. */
export function parseEdit(body: unknown, current: TemplateDraft): { category: Category; components: TemplateComponent[] | null; ttlSeconds?: number } {
  if (!isObject(body)) invalidParam('The request body must be a JSON object.')
  for (const key of ['name', 'language']) {
    if (body[key] !== undefined && body[key] !== (current as unknown as Json)[key]) invalidParam(`Param ${key} cannot be changed: name and language are immutable.`)
  }
  if (body.category === undefined && body.components === undefined && body.message_send_ttl_seconds === undefined) {
    invalidParam('An edit needs at least one of category, components or message_send_ttl_seconds.')
  }
  const category = body.category === undefined ? current.category : upperEnum(body.category, CATEGORIES, 'category')
  const components = body.components === undefined ? null : parseComponents(body.components, category)
  const ttl = parseTtl(body.message_send_ttl_seconds, category)
  return ttl === undefined ? { category, components } : { category, components, ttlSeconds: ttl }
}

function parseComponents(raw: unknown, category: Category): TemplateComponent[] {
  if (!Array.isArray(raw) || raw.length === 0) invalidParam('Param components must be a non-empty array.')
  const seen = new Set<string>()
  const out: TemplateComponent[] = []
  raw.forEach((c, i) => {
    const path = at('components', i)
    if (!isObject(c)) invalidParam(`Param ${path} must be a JSON object.`)
    const type = upperEnum(c.type, COMPONENT_TYPES, at(path, 'type'))
    if (seen.has(type)) invalidParam(`Param components has more than one ${type} component.`)
    seen.add(type)
    if (type === 'HEADER') out.push(parseHeader(c, path))
    else if (type === 'BODY') out.push(parseBody(c, path, category))
    else if (type === 'FOOTER') out.push(parseFooter(c, path, category))
    else out.push(parseButtons(c, path))
  })
  if (!seen.has('BODY')) invalidParam('A template needs a BODY component.')
  // Meta lists components in this order whatever the order submitted.
  const order = { HEADER: 0, BODY: 1, FOOTER: 2, BUTTONS: 3 }
  return out.sort((a, b) => order[a.type] - order[b.type])
}

function parseHeader(c: Json, path: string): HeaderComponent {
  const format: HeaderFormat = upperEnum(c.format, HEADER_FORMATS, at(path, 'format'))
  const header: HeaderComponent = { type: 'HEADER', format }
  if (format === 'TEXT') header.text = requiredString(c, 'text', path)
  const example = optionalObject(c, 'example', path)
  if (example) {
    const e: NonNullable<HeaderComponent['example']> = {}
    if (example.header_text !== undefined) e.header_text = stringArray(example.header_text, at(at(path, 'example'), 'header_text'))
    if (example.header_text_named_params !== undefined) e.header_text_named_params = namedExamples(example.header_text_named_params, at(at(path, 'example'), 'header_text_named_params'))
    if (example.header_handle !== undefined) e.header_handle = stringArray(example.header_handle, at(at(path, 'example'), 'header_handle'))
    header.example = e
  }
  return header
}

function parseBody(c: Json, path: string, category: Category): BodyComponent {
  if (category === 'AUTHENTICATION' && c.text === undefined) {
    const security = c.add_security_recommendation === true
    return { type: 'BODY', text: AUTH_BODY + (security ? AUTH_SECURITY : ''), add_security_recommendation: security, example: { body_text: [['123456']] } }
  }
  const body: BodyComponent = { type: 'BODY', text: requiredString(c, 'text', path) }
  const example = optionalObject(c, 'example', path)
  if (example) {
    const e: NonNullable<BodyComponent['example']> = {}
    if (example.body_text !== undefined) {
      // §3.1: Meta's examples nest one array; an SDK sends it flat. Both are read, nested is stored.
      const raw = example.body_text
      const nested = Array.isArray(raw) && raw.length > 0 && raw.every(Array.isArray) ? raw : [raw]
      e.body_text = nested.map((row, i) => stringArray(row, at(at(at(path, 'example'), 'body_text'), i)))
    }
    if (example.body_text_named_params !== undefined) e.body_text_named_params = namedExamples(example.body_text_named_params, at(at(path, 'example'), 'body_text_named_params'))
    body.example = e
  }
  return body
}

function parseFooter(c: Json, path: string, category: Category): FooterComponent {
  if (category === 'AUTHENTICATION' && c.text === undefined && c.code_expiration_minutes !== undefined) {
    const minutes = c.code_expiration_minutes
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90) {
      invalidParam(`Param ${at(path, 'code_expiration_minutes')} must be an integer from 1 to 90.`)
    }
    return { type: 'FOOTER', text: `This code expires in ${minutes} minutes.`, code_expiration_minutes: minutes }
  }
  return { type: 'FOOTER', text: requiredString(c, 'text', path) }
}

function parseButtons(c: Json, path: string): ButtonsComponent {
  const raw = c.buttons
  if (!Array.isArray(raw) || raw.length === 0) invalidParam(`Param ${at(path, 'buttons')} must be a non-empty array.`)
  const buttons = raw.map((b, i): TemplateButton => {
    const bPath = at(at(path, 'buttons'), i)
    if (!isObject(b)) invalidParam(`Param ${bPath} must be a JSON object.`)
    const type = upperEnum(b.type, BUTTON_TYPES, at(bPath, 'type'))
    const button: TemplateButton = { type }
    if (type === 'OTP') {
      button.otp_type = upperEnum(b.otp_type, OTP_TYPES, at(bPath, 'otp_type'))
      button.text = typeof b.text === 'string' && b.text !== '' ? b.text : button.otp_type === 'COPY_CODE' ? 'Copy code' : 'Autofill'
      return button
    }
    if (type === 'COPY_CODE') {
      // Meta fixes the label of a copy-code button ("Copy offer code"): it takes only the example code.
      if (b.example !== undefined) button.example = Array.isArray(b.example) && b.example.length === 1 ? String(b.example[0]) : requiredString(b, 'example', bPath)
      return button
    }
    button.text = requiredString(b, 'text', bPath)
    if (type === 'URL') button.url = requiredString(b, 'url', bPath)
    if (type === 'PHONE_NUMBER') button.phone_number = requiredString(b, 'phone_number', bPath)
    if (b.example !== undefined) {
      button.example = typeof b.example === 'string' ? [b.example] : stringArray(b.example, at(bPath, 'example'))
    }
    return button
  })
  return { type: 'BUTTONS', buttons }
}

function parseTtl(raw: unknown, category: Category): number | undefined {
  if (raw === undefined) return undefined
  // §3.1: authentication 30–900 s, utility 30–43,200 s, marketing 43,200–2,592,000 s; -1 (30 days) for the first two.
  const [min, max] = category === 'AUTHENTICATION' ? [30, 900] : category === 'UTILITY' ? [30, 43_200] : [43_200, 2_592_000]
  const ok = typeof raw === 'number' && Number.isInteger(raw) && ((raw >= min && raw <= max) || (raw === -1 && category !== 'MARKETING'))
  if (!ok) invalidParam(`Param message_send_ttl_seconds must be between ${min} and ${max} for ${category} templates.`)
  return raw as number
}

function requiredString(obj: Json, key: string, path = ''): string {
  const v = obj[key]
  if (v === undefined || v === null || v === '') invalidParam(`The parameter ${at(path, key)} is required.`)
  if (typeof v !== 'string') invalidParam(`Param ${at(path, key)} must be a string.`)
  return v
}

function optionalObject(obj: Json, key: string, path: string): Json | undefined {
  const v = obj[key]
  if (v === undefined) return undefined
  if (!isObject(v)) invalidParam(`Param ${at(path, key)} must be a JSON object.`)
  return v
}

function stringArray(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) invalidParam(`Param ${path} must be an array of strings.`)
  return v as string[]
}

function namedExamples(v: unknown, path: string): NamedExample[] {
  if (!Array.isArray(v)) invalidParam(`Param ${path} must be an array.`)
  return v.map((e, i) => {
    if (!isObject(e) || typeof e.param_name !== 'string' || typeof e.example !== 'string') {
      invalidParam(`Param ${at(path, i)} must be {param_name, example} strings.`)
    }
    return { param_name: e.param_name, example: e.example }
  })
}

/** Graph takes these enums in either case (Meta's own examples use both) and answers in upper case. */
function upperEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  const upper = typeof value === 'string' ? value.toUpperCase() : value
  if (typeof upper !== 'string' || !(allowed as readonly string[]).includes(upper)) {
    invalidParam(`Param ${path} must be one of {${allowed.join(', ')}} - got ${JSON.stringify(value)}.`)
  }
  return upper as T
}
