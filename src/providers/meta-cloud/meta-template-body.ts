import type { Examples, TemplateButton, TemplateDefinition, TemplateHeader } from '../../core/templates/model.js'
import { variableNames } from '../../core/templates/variables.js'

type Json = Record<string, unknown>

/**
 * The body of `POST /{version}/{waba-id}/message_templates` (docs/platform.md §3.1). Upper-case words,
 * as Meta answers with; samples go where review looks for them (`example`), one per variable.
 */
export function templateCreateBody(template: TemplateDefinition): Json {
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    parameter_format: template.parameterFormat === 'named' ? 'NAMED' : 'POSITIONAL',
    components: templateComponents(template),
  }
}

/**
 * The body of `POST /{version}/{template-id}`: components are replaced wholesale; name, language
 * and parameter format cannot change (§3.6), so only the category travels with them.
 */
export function templateEditBody(template: TemplateDefinition): Json {
  return { category: template.category, components: templateComponents(template) }
}

/** HEADER, BODY, FOOTER, BUTTONS, in that order, each only when the template has it. */
export function templateComponents(template: TemplateDefinition): Json[] {
  const named = template.parameterFormat === 'named'
  const components: Json[] = []
  if (template.header) components.push(headerComponent(template.header, named))
  components.push(withExample({ type: 'BODY', text: template.body.text }, textExample('body', template.body.text, template.body.examples, named)))
  if (template.footer !== null) components.push({ type: 'FOOTER', text: template.footer })
  if (template.buttons.length > 0) components.push({ type: 'BUTTONS', buttons: template.buttons.map(templateButtonJson) })
  return components
}

function headerComponent(header: TemplateHeader, named: boolean): Json {
  switch (header.format) {
    case 'text':
      return withExample({ type: 'HEADER', format: 'TEXT', text: header.text }, textExample('header', header.text, header.examples, named))
    case 'location':
      return { type: 'HEADER', format: 'LOCATION' }
    default:
      return withExample({ type: 'HEADER', format: header.format.toUpperCase() }, header.example === null ? null : { header_handle: [header.example] })
  }
}

/**
 * Samples for a text's variables, or null when it has none. Positional: `header_text` is a flat
 * array, `body_text` an array holding ONE array (Meta's list responses and examples nest it), in
 * `{{1}}, {{2}}…` order. Named: `{param_name, example}` pairs in order of appearance. A variable
 * without a sample gets '' so the others keep their places; lint reports the gap before submission.
 */
function textExample(part: 'header' | 'body', text: string, examples: Examples, named: boolean): Json | null {
  const names = variableNames(text)
  if (names.length === 0) return null
  if (named) return { [`${part}_text_named_params`]: names.map((name) => ({ param_name: name, example: examples[name] ?? '' })) }
  const values = [...names].sort((a, b) => Number(a) - Number(b)).map((name) => examples[name] ?? '')
  return part === 'header' ? { header_text: values } : { body_text: [values] }
}

function withExample(component: Json, example: Json | null): Json {
  return example === null ? component : { ...component, example }
}

/** One button as Meta's template JSON writes it (BSPs that take Meta's button objects use it too). */
export function templateButtonJson(button: TemplateButton): Json {
  switch (button.type) {
    case 'quick_reply':
      return { type: 'QUICK_REPLY', text: button.text }
    case 'url':
      // The sample is the value of the URL's trailing variable, not a whole URL.
      return { type: 'URL', text: button.text, url: button.url, ...(button.example === null ? {} : { example: [button.example] }) }
    case 'phone_number':
      return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber }
    case 'copy_code':
      return { type: 'COPY_CODE', example: button.example }
  }
}
