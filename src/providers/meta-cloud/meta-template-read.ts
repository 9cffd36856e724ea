import type { RemoteTemplate } from '../../core/providers/templates.js'
import type { Examples, ParameterFormat, TemplateButton, TemplateDefinition, TemplateHeader } from '../../core/templates/model.js'
import { findPlaceholders } from '../../core/templates/variables.js'
import { reasonOf, templateCategoryOf, templateStatusOf } from './meta-template-status.js'

type Json = Record<string, unknown>

/**
 * A template Meta listed, in Parley's terms. `unsupported` names the parts Parley's model cannot
 * hold (`component:CAROUSEL`, `button:OTP`…): the definition leaves them out, so it must not be
 * sent back as an edit without them.
 */
export type ReadTemplate = { ok: true; template: RemoteTemplate; unsupported: string[] } | { ok: false; problem: string }

/** The inverse of the create body (docs/platform.md §3.1–3.2): Meta's template object as a RemoteTemplate. */
export function readMetaTemplate(raw: unknown): ReadTemplate {
  if (!isObject(raw)) return { ok: false, problem: 'a template that is not an object' }
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : ''
  const name = text(raw.name)
  const language = text(raw.language)
  const statusWord = text(raw.status)
  const category = templateCategoryOf(raw.category)
  const label = `template ${id || '?'} (${name || '?'}/${language || '?'})`
  if (!id || !name || !language || !statusWord) return { ok: false, problem: `${label} lacks its id, name, language or status` }
  if (!category) return { ok: false, problem: `${label} has category ${JSON.stringify(raw.category)}` }

  const unsupported: string[] = []
  const components = Array.isArray(raw.components) ? raw.components.filter(isObject) : []
  const format = parameterFormatOf(raw.parameter_format, components)
  const definition: TemplateDefinition = { name, language, category, parameterFormat: format, header: null, body: { text: '', examples: {} }, footer: null, buttons: [] }
  for (const component of components) {
    const type = text(component.type).toUpperCase()
    if (type === 'HEADER') definition.header = headerOf(component, format, unsupported)
    else if (type === 'BODY') definition.body = { text: text(component.text), examples: examplesOf(component.example, 'body', format) }
    else if (type === 'FOOTER') definition.footer = text(component.text)
    else if (type === 'BUTTONS') definition.buttons = (Array.isArray(component.buttons) ? component.buttons.filter(isObject) : []).flatMap((b) => readTemplateButton(b, unsupported))
    else unsupported.push(`component:${type || '?'}`)
  }

  const correctCategory = templateCategoryOf(raw.correct_category) ?? null
  const template: RemoteTemplate = {
    providerTemplateId: id,
    definition,
    // A status word newer than this adapter: not sendable until a known word says so; the raw word is kept for display.
    status: templateStatusOf(statusWord) ?? 'pending',
    providerStatus: statusWord,
    rejectedReason: reasonOf(raw.rejected_reason),
    quality: qualityOf(raw.quality_score),
    // Meta may repeat the current category there; only a different one is a pending change (§3.5).
    correctCategory: correctCategory === category ? null : correctCategory,
    providerDefault: isMetaDefault(name, text(raw.library_template_name)),
  }
  return { ok: true, template, unsupported }
}

/** `parameter_format` when given; older templates lack it, so their placeholders decide. */
function parameterFormatOf(word: unknown, components: Json[]): ParameterFormat {
  if (typeof word === 'string' && word.toUpperCase() === 'NAMED') return 'named'
  if (typeof word === 'string' && word.toUpperCase() === 'POSITIONAL') return 'positional'
  const named = components.some((c) => findPlaceholders(text(c.text)).some((p) => p.format === 'named'))
  return named ? 'named' : 'positional'
}

function headerOf(component: Json, format: ParameterFormat, unsupported: string[]): TemplateHeader | null {
  const kind = text(component.format).toUpperCase()
  switch (kind) {
    case 'TEXT':
      return { format: 'text', text: text(component.text), examples: examplesOf(component.example, 'header', format) }
    case 'IMAGE':
    case 'VIDEO':
    case 'DOCUMENT': {
      const handles = isObject(component.example) ? component.example.header_handle : undefined
      const handle = Array.isArray(handles) && typeof handles[0] === 'string' ? handles[0] : null
      return { format: kind === 'IMAGE' ? 'image' : kind === 'VIDEO' ? 'video' : 'document', example: handle }
    }
    case 'LOCATION':
      return { format: 'location' }
    default:
      unsupported.push(`header:${kind || '?'}`)
      return null
  }
}

/**
 * Samples back into an Examples map. Positional: `body_text` nested (`[["Ana","#1"]]`, as Meta
 * answers) or flat, `header_text` flat; the i-th value is `{{i+1}}`. Named: `*_text_named_params`.
 */
function examplesOf(example: unknown, part: 'header' | 'body', format: ParameterFormat): Examples {
  const examples: Examples = {}
  if (!isObject(example)) return examples
  if (format === 'named') {
    const params = example[`${part}_text_named_params`]
    for (const param of Array.isArray(params) ? params.filter(isObject) : []) {
      if (typeof param.param_name === 'string' && typeof param.example === 'string') examples[param.param_name] = param.example
    }
    return examples
  }
  const given = example[`${part}_text`]
  const values: unknown[] = Array.isArray(given) ? (Array.isArray(given[0]) ? given[0] : given) : []
  values.forEach((value, i) => {
    if (typeof value === 'string') examples[String(i + 1)] = value
  })
  return examples
}

/** One button of Meta's template JSON (`{type: "URL", text, url, example}`…) in Parley's model; an unknown type is named in `unsupported`. */
export function readTemplateButton(button: Json, unsupported: string[]): TemplateButton[] {
  const type = text(button.type).toUpperCase()
  switch (type) {
    case 'QUICK_REPLY':
      return [{ type: 'quick_reply', text: text(button.text) }]
    case 'URL': {
      const url = text(button.url)
      return [{ type: 'url', text: text(button.text), url, example: urlExampleOf(url, firstString(button.example)) }]
    }
    case 'PHONE_NUMBER':
      return [{ type: 'phone_number', text: text(button.text), phoneNumber: text(button.phone_number) }]
    case 'COPY_CODE':
      return [{ type: 'copy_code', example: firstString(button.example) ?? '' }]
    default:
      unsupported.push(`button:${type || '?'}`)
      return []
  }
}

/**
 * A URL button's sample as the value of its trailing variable. Create takes the value (`1234`);
 * list answers have been seen carrying the whole URL with the value filled in, so a sample that
 * starts with the URL's fixed part is cut back to the value.
 */
function urlExampleOf(url: string, example: string | undefined): string | null {
  if (example === undefined) return null
  const variable = findPlaceholders(url).find((p) => p.name !== null)
  if (!variable) return example
  const prefix = url.slice(0, variable.start)
  return prefix !== '' && example.startsWith(prefix) && example.length > prefix.length ? example.slice(prefix.length) : example
}

/** Quality as Meta words it (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`): `quality_score.score`, or a bare string. */
function qualityOf(score: unknown): string | null {
  if (typeof score === 'string' && score !== '') return score
  return isObject(score) && typeof score.score === 'string' && score.score !== '' ? score.score : null
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Meta's own templates: those made from its template library (`library_template_name`), and the
 * samples every new account gets (`hello_world`, `sample_*`). The API marks the samples no other
 * way, so they are known by name, as public client code does.
 */
function isMetaDefault(name: string, libraryTemplateName: string): boolean {
  return libraryTemplateName !== '' || name === 'hello_world' || name.startsWith('sample_')
}
