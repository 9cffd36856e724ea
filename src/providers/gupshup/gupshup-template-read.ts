import type { RemoteTemplate } from '../../core/providers/templates.js'
import type { Examples, TemplateCategory, TemplateDefinition, TemplateHeader } from '../../core/templates/model.js'
import type { TemplateStatus } from '../../core/templates/status.js'
import { findPlaceholders } from '../../core/templates/variables.js'
import { readTemplateButton } from '../meta-cloud/meta-template-read.js'
import { reasonOf, templateCategoryOf, templateStatusOf } from '../meta-cloud/meta-template-status.js'

type Json = Record<string, unknown>

export type ReadGupshupTemplate = { ok: true; template: RemoteTemplate } | { ok: false; problem: string }

/** Gupshup's words beyond Meta's (docs/platform.md §7.1): a submission Gupshup could not pass on to Meta is as good as rejected. */
const EXTRA_STATUSES: ReadonlyMap<string, TemplateStatus> = new Map([['FAILED', 'rejected']])

/** Parley's status for Gupshup's word, in any case; `undefined` for a word this adapter does not know. */
export function gupshupTemplateStatusOf(word: string): TemplateStatus | undefined {
  return EXTRA_STATUSES.get(word.toUpperCase()) ?? templateStatusOf(word)
}

/** Categories older Gupshup apps still list, in the words Meta moved them to (§3.5). */
const LEGACY_CATEGORIES: ReadonlyMap<string, TemplateCategory> = new Map<string, TemplateCategory>([
  ['TRANSACTIONAL', 'UTILITY'],
  ['OTP', 'AUTHENTICATION'],
])

function categoryOf(word: unknown): TemplateCategory | undefined {
  return templateCategoryOf(word) ?? (typeof word === 'string' ? LEGACY_CATEGORIES.get(word.toUpperCase()) : undefined)
}

/**
 * One template of `GET /sm/api/v1/template/list/{appName}` (§7.1) in Parley's terms. The parts are
 * in `containerMeta` (a JSON string: `data`, `header`, `footer`, `buttons`, `sampleText`,
 * `sampleHeader`) when Gupshup gives it; otherwise `data` is all the text there is, and becomes the body.
 */
export function readGupshupTemplate(raw: unknown): ReadGupshupTemplate {
  if (!isObject(raw)) return { ok: false, problem: 'a template that is not an object' }
  const id = text(raw.id)
  const name = text(raw.elementName)
  const language = text(raw.languageCode)
  const statusWord = text(raw.status)
  const label = `template ${id || '?'} (${name || '?'}/${language || '?'})`
  if (!id || !name || !language || !statusWord) return { ok: false, problem: `${label} lacks its id, elementName, languageCode or status` }
  const category = categoryOf(raw.category)
  if (!category) return { ok: false, problem: `${label} has category ${JSON.stringify(raw.category)}` }

  const container = jsonObject(raw.containerMeta) ?? {}
  const body = text(container.data) || text(raw.data)
  const sample = text(container.sampleText) || text(jsonObject(raw.meta)?.example)
  const header = headerOf(text(raw.templateType).toUpperCase(), container)
  const buttons = arrayOf(container.buttons).filter(isObject).flatMap((b) => readTemplateButton(b, []))
  const named = [body, header?.format === 'text' ? header.text : ''].some((t) => findPlaceholders(t).some((p) => p.format === 'named'))
  const definition: TemplateDefinition = {
    name,
    language,
    category,
    parameterFormat: named ? 'named' : 'positional',
    header,
    body: { text: body, examples: examplesFrom(body, sample) },
    footer: text(container.footer) || null,
    buttons,
  }
  const template: RemoteTemplate = {
    providerTemplateId: id,
    definition,
    status: gupshupTemplateStatusOf(statusWord) ?? 'pending',
    providerStatus: statusWord,
    rejectedReason: reasonOf(raw.rejectedReason ?? raw.reason),
    quality: text(raw.quality) || null,
    correctCategory: null,
    providerDefault: false,
  }
  return { ok: true, template }
}

/** `templateType` says what the header holds; a text header's words are in `containerMeta.header`. */
function headerOf(templateType: string, container: Json): TemplateHeader | null {
  switch (templateType) {
    case 'IMAGE':
    case 'VIDEO':
    case 'DOCUMENT':
      return { format: templateType === 'IMAGE' ? 'image' : templateType === 'VIDEO' ? 'video' : 'document', example: text(container.exampleMedia) || null }
    case 'LOCATION':
      return { format: 'location' }
    default: {
      const words = text(container.header)
      return words ? { format: 'text', text: words, examples: examplesFrom(words, text(container.sampleHeader)) } : null
    }
  }
}

/**
 * The variables' values in a sample, which Gupshup keeps as the whole text filled in
 * (`Hello Ana, …`): each stretch of fixed text between variables is found in turn, leftmost first.
 * A sample that does not fit the text, or two variables with nothing between them, give no values.
 */
export function examplesFrom(template: string, sample: string): Examples {
  const variables = findPlaceholders(template).filter((p) => p.name !== null)
  if (variables.length === 0 || sample === '') return {}
  const fixed = [template.slice(0, variables[0]!.start), ...variables.map((p, i) => template.slice(p.end, variables[i + 1]?.start ?? template.length))]
  if (!sample.startsWith(fixed[0]!) || fixed.slice(1, -1).some((part) => part === '')) return {}
  const examples: Examples = {}
  let at = fixed[0]!.length
  for (let i = 0; i < variables.length; i++) {
    const next = fixed[i + 1]!
    const last = i === variables.length - 1
    const end = last ? (sample.endsWith(next) ? sample.length - next.length : -1) : sample.indexOf(next, at)
    if (end < at) return {}
    examples[variables[i]!.name!] ??= sample.slice(at, end)
    at = end + next.length
  }
  return examples
}

/** An object given as such or as a JSON string (Gupshup nests JSON in strings: `containerMeta`, `meta`). */
function jsonObject(value: unknown): Json | undefined {
  if (isObject(value)) return value
  if (typeof value !== 'string' || value === '') return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return isObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

function arrayOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  if (typeof value !== 'string' || value === '') return []
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
