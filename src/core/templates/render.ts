import type { TemplateContent, TemplateParams } from './content.js'
import type { ParameterFormat, TemplateDefinition } from './model.js'
import { fillPlaceholders, variableNames } from './variables.js'

/** Values for one send of a template, as the API receives them. */
export interface TemplateSendInput {
  /** Body variables: an array for positional templates (`{{1}}` first), an object for named ones. */
  params: TemplateParams
  /** The text header's variable. */
  headerParams?: TemplateParams
  /** The media header's file (public HTTPS URL). */
  headerMedia?: string
  /** Values for buttons that take one, keyed by the button's zero-based position. */
  buttons?: Readonly<Record<string, string>>
}

export interface ParamIssue {
  /** Where the problem is, in the API request's terms, e.g. `template.params.child_name`. */
  path: string
  message: string
}

export type RenderResult = { ok: true; content: TemplateContent } | { ok: false; issues: ParamIssue[] }

// docs/platform.md §1.6: values with a newline, a tab or more than four spaces in a row are refused
// (132018); the hydrated body may not exceed 1,024 characters (132005); a text header holds 60.
const FORBIDDEN_VALUE = /[\n\r\t]| {5,}/
const BODY_MAX = 1024
const HEADER_MAX = 60
const COPY_CODE_MAX = 15
const VALUE_MAX = 1024

/**
 * Checks a send's parameters against the template and produces both the content to send and the
 * exact text the user will see (kept in history, shown in the inbox, used for cost).
 */
export function renderTemplate(template: TemplateDefinition, input: TemplateSendInput): RenderResult {
  const issues: ParamIssue[] = []
  const format = template.parameterFormat
  const body = bindValues(template.body.text, input.params, format, 'template.params', issues)
  let headerText: string | null = null
  if (template.header?.format === 'text') {
    const values = bindValues(template.header.text, input.headerParams ?? emptyParams(format), format, 'template.header_params', issues)
    headerText = fillPlaceholders(template.header.text, values)
    if (headerText.length > HEADER_MAX) issues.push({ path: 'template.header_params', message: `the header would be ${headerText.length} characters; at most ${HEADER_MAX}` })
  } else if (input.headerParams !== undefined && !isEmpty(input.headerParams)) {
    issues.push({ path: 'template.header_params', message: 'this template has no text header with a variable' })
  }
  const media = template.header && template.header.format !== 'text' && template.header.format !== 'location' ? template.header.format : null
  if (media && !input.headerMedia) issues.push({ path: 'template.header_media', message: `this template has a ${media} header: give the file's HTTPS URL` })
  if (input.headerMedia !== undefined && (!media || !/^https:\/\/\S+$/.test(input.headerMedia))) {
    issues.push({ path: 'template.header_media', message: media ? 'must be an https:// URL' : 'this template has no media header' })
  }
  const buttonParams = bindButtons(template, input.buttons ?? {}, issues)
  const bodyText = fillPlaceholders(template.body.text, body)
  if (bodyText.length > BODY_MAX) issues.push({ path: 'template.params', message: `the body would be ${bodyText.length} characters; at most ${BODY_MAX}` })
  if (issues.length > 0) return { ok: false, issues }

  const rendered = [headerText, bodyText, template.footer].filter((part): part is string => part !== null && part !== '').join('\n')
  const content: TemplateContent = { kind: 'template', name: template.name, language: template.language, params: input.params, rendered }
  if (template.header?.format === 'text' && input.headerParams !== undefined && !isEmpty(input.headerParams)) content.headerParams = input.headerParams
  if (media && input.headerMedia) content.headerMedia = { type: media, link: input.headerMedia }
  if (buttonParams.length > 0) content.buttonParams = buttonParams
  return { ok: true, content }
}

/**
 * Matches given values to a text's variables; reports missing, unexpected and unsendable values.
 * Values must come in the template's own format: a list for `{{1}}`-style templates, an object by
 * name for `{{child_name}}`-style ones. A list is not mapped onto names by position, because the
 * order of names is only their order of first appearance in one language's text, and the
 * languages of a family may name them in another order.
 */
function bindValues(text: string, given: TemplateParams, format: ParameterFormat, path: string, issues: ParamIssue[]): Record<string, string> {
  const names = variableNames(text)
  const values: Record<string, string> = {}
  if (format === 'named' && Array.isArray(given)) {
    if (given.length > 0 || names.length > 0) {
      issues.push({ path, message: `this template takes named values: give an object with ${names.map((n) => `"${n}"`).join(', ') || 'no keys'} (e.g. {${names.map((n) => `"${n}": "…"`).join(', ')}}), not a list` })
    }
    return values
  }
  if (format === 'positional' && !Array.isArray(given)) {
    if (Object.keys(given).length > 0 || names.length > 0) {
      issues.push({ path, message: `this template takes positional values: give a list of ${names.length} (${names.map((n) => `{{${n}}}`).join(', ') || 'none'}), not an object` })
    }
    return values
  }
  if (Array.isArray(given)) {
    names.forEach((name, i) => {
      const value = given[i]
      if (value !== undefined) values[name] = value
    })
    if (given.length !== names.length) {
      issues.push({ path, message: `expects ${names.length} value${names.length === 1 ? '' : 's'} (${names.map((n) => `{{${n}}}`).join(', ') || 'none'}); got ${given.length}` })
    }
  } else {
    for (const name of names) if (given[name] !== undefined) values[name] = given[name]
    const missing = names.filter((n) => given[n] === undefined)
    const unexpected = Object.keys(given).filter((k) => !names.includes(k))
    if (missing.length > 0) issues.push({ path, message: `missing ${missing.map((n) => `{{${n}}}`).join(', ')}` })
    if (unexpected.length > 0) issues.push({ path, message: `the template has no ${unexpected.map((n) => `{{${n}}}`).join(', ')}` })
  }
  for (const [name, value] of Object.entries(values)) {
    const at = Array.isArray(given) ? `${path}.${names.indexOf(name)}` : `${path}.${name}`
    if (value.trim() === '') issues.push({ path: at, message: 'must not be empty' })
    else if (FORBIDDEN_VALUE.test(value)) issues.push({ path: at, message: 'must not contain a newline, a tab or more than four spaces in a row' })
    else if (value.length > VALUE_MAX) issues.push({ path: at, message: `at most ${VALUE_MAX} characters` })
  }
  return values
}

function bindButtons(template: TemplateDefinition, given: Readonly<Record<string, string>>, issues: ParamIssue[]): NonNullable<TemplateContent['buttonParams']> {
  const out: NonNullable<TemplateContent['buttonParams']> = []
  for (const key of Object.keys(given)) {
    const button = template.buttons[Number(key)]
    if (!/^\d+$/.test(key) || !button || button.type === 'phone_number' || (button.type === 'url' && variableNames(button.url).length === 0)) {
      issues.push({ path: `template.buttons.${key}`, message: 'no button at this position takes a value' })
    }
  }
  template.buttons.forEach((button, index) => {
    const value = given[String(index)]
    const path = `template.buttons.${index}`
    if (button.type === 'url' && variableNames(button.url).length > 0) {
      if (value === undefined || value.trim() === '') issues.push({ path, message: `the "${button.text}" button's URL ends with a variable: give its value` })
      else out.push({ index, type: 'url', value })
    } else if (button.type === 'copy_code') {
      if (value === undefined || value.trim() === '') issues.push({ path, message: 'the copy-code button needs the code' })
      else if (value.length > COPY_CODE_MAX) issues.push({ path, message: `a code has at most ${COPY_CODE_MAX} characters` })
      else out.push({ index, type: 'copy_code', value })
    } else if (button.type === 'quick_reply' && value !== undefined) {
      out.push({ index, type: 'quick_reply', value })
    }
  })
  return out
}

function emptyParams(format: ParameterFormat): TemplateParams {
  return format === 'named' ? {} : []
}

function isEmpty(params: TemplateParams): boolean {
  return Array.isArray(params) ? params.length === 0 : Object.keys(params).length === 0
}
