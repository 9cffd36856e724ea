import type { TemplateContent, TemplateParams } from '../../core/messages/content.js'
import type { RemoteTemplate } from '../../core/providers/templates.js'
import { variableNames } from '../../core/templates/variables.js'

/** Button values Gupshup takes among the template's params: a dynamic URL's suffix, a code to copy. */
const PARAM_BUTTONS = new Set(['url', 'copy_code'])

/**
 * The form fields of a template send (docs/platform.md §7.1): `template` = `{id, params}` as a JSON
 * string, where params are every variable of the message in order (header, body, then the values
 * of URL and copy-code buttons); `message` only for a media header; `postbackTexts` for the
 * payloads of quick-reply buttons. Named values are put in the order their names appear in the
 * template Gupshup listed.
 */
export function templateFields(content: TemplateContent, template: RemoteTemplate): Record<string, string> {
  const { definition } = template
  const headerText = definition.header?.format === 'text' ? definition.header.text : ''
  const buttons = [...(content.buttonParams ?? [])].sort((a, b) => a.index - b.index)
  const params = [
    ...inOrder(content.headerParams ?? [], headerText),
    ...inOrder(content.params, definition.body.text),
    ...buttons.filter((b) => PARAM_BUTTONS.has(b.type)).map((b) => b.value),
  ]
  const fields: Record<string, string> = { template: JSON.stringify({ id: template.providerTemplateId, params }) }
  if (content.headerMedia) fields.message = JSON.stringify(headerMessage(content.headerMedia))
  const postbacks = buttons.filter((b) => b.type === 'quick_reply').map((b) => ({ index: b.index, text: b.value }))
  if (postbacks.length > 0) fields.postbackTexts = JSON.stringify(postbacks)
  return fields
}

/** Positional values are already in order; named ones follow the template text, and any it does not name come last, as given. */
function inOrder(params: TemplateParams, text: string): string[] {
  if (Array.isArray(params)) return params
  const names = variableNames(text)
  const known = names.filter((name) => params[name] !== undefined).map((name) => params[name]!)
  const others = Object.entries(params).filter(([name]) => !names.includes(name)).map(([, value]) => value)
  return [...known, ...others]
}

/** The media header as `message` (§7.1): `{"type":"image","image":{"link":…}}`, likewise video and document. */
function headerMessage(media: NonNullable<TemplateContent['headerMedia']>): Record<string, unknown> {
  return { type: media.type, [media.type]: { link: media.link } }
}
