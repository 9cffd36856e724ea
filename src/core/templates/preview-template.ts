import type { TemplateParams } from './content.js'
import type { TemplateDefinition } from './model.js'
import { renderTemplate, type ParamIssue, type TemplateSendInput } from './render.js'
import { fillPlaceholders, variableNames } from './variables.js'

/** A button as the user will see it: a URL button with its variable filled in when given. */
export type PreviewButton =
  | { type: 'quick_reply'; text: string }
  | { type: 'url'; text: string; url: string }
  | { type: 'phone_number'; text: string; phoneNumber: string }
  | { type: 'copy_code'; text: string }

export interface TemplatePreview {
  header: string | null
  body: string
  footer: string | null
  buttons: PreviewButton[]
  /** Header, body and footer joined: exactly what a send records as the text the user sees. */
  text: string
  /** Whether these values would be accepted by a send; if not, `issues` says why. */
  complete: boolean
  issues: ParamIssue[]
}

/**
 * What a template will look like with the values given so far. With complete values the text is
 * the send's own rendering (`renderTemplate`), so the preview cannot drift from what is sent;
 * while values are missing, the variables without one are shown as written (`{{1}}`).
 */
export function previewTemplate(template: TemplateDefinition, input: TemplateSendInput): TemplatePreview {
  const rendered = renderTemplate(template, input)
  const header = template.header?.format === 'text' ? fillPlaceholders(template.header.text, partialValues(template.header.text, input.headerParams)) : null
  const body = fillPlaceholders(template.body.text, partialValues(template.body.text, input.params))
  const text = rendered.ok ? rendered.content.rendered! : [header, body, template.footer].filter((part): part is string => part !== null && part !== '').join('\n')
  return {
    header,
    body,
    footer: template.footer,
    buttons: template.buttons.map((button, index) => previewButton(button, input.buttons?.[String(index)])),
    text,
    complete: rendered.ok,
    issues: rendered.ok ? [] : rendered.issues,
  }
}

/** The non-empty values given, by variable name, whatever else is wrong with them. */
function partialValues(text: string, given: TemplateParams | undefined): Record<string, string> {
  if (given === undefined) return {}
  const names = variableNames(text)
  const pairs = Array.isArray(given) ? names.map((name, i) => [name, given[i]] as const) : names.map((name) => [name, given[name]] as const)
  return Object.fromEntries(pairs.filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1].trim() !== ''))
}

function previewButton(button: TemplateDefinition['buttons'][number], value: string | undefined): PreviewButton {
  switch (button.type) {
    case 'quick_reply':
      return { type: 'quick_reply', text: button.text }
    case 'url': {
      const [name] = variableNames(button.url)
      return { type: 'url', text: button.text, url: name !== undefined && value ? fillPlaceholders(button.url, { [name]: value }) : button.url }
    }
    case 'phone_number':
      return { type: 'phone_number', text: button.text, phoneNumber: button.phoneNumber }
    case 'copy_code':
      return { type: 'copy_code', text: value ?? button.example }
  }
}
