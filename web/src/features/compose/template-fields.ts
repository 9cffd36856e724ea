import type { Template, TemplateValues } from '../../api/types.ts'

/** One input of the template form: a variable of the header or the body, or a button's value. */
export interface TemplateField {
  /** Stable key in the form's state: `header.1`, `body.child_name`, `button.0`. */
  key: string
  part: 'header' | 'body' | 'button'
  /** The variable's name (`1`, `child_name`) or, for a button, its label. */
  label: string
}

const VARIABLE = /\{\{([a-z0-9_]+)\}\}/g

function variablesOf(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))]
}

export function bodyText(template: Template): string {
  return typeof template.body === 'string' ? template.body : template.body.text
}

/** The form's fields, in reading order: header, body, then the buttons that take a value. */
export function templateFields(template: Template): TemplateField[] {
  const header = template.header?.format === 'text' ? variablesOf(template.header.text) : []
  const buttons = (template.buttons ?? []).flatMap((button, index) =>
    (button.type === 'url' && variablesOf(button.url).length > 0) || button.type === 'copy_code' ? [{ key: `button.${index}`, part: 'button' as const, label: button.type === 'url' ? button.text : 'code' }] : [],
  )
  return [
    ...header.map((name) => ({ key: `header.${name}`, part: 'header' as const, label: name })),
    ...variablesOf(bodyText(template)).map((name) => ({ key: `body.${name}`, part: 'body' as const, label: name })),
    ...buttons,
  ]
}

/**
 * The form's state as a send's values, in the template's own format: a list for `{{1}}`-style
 * templates (in the variables' order of appearance), an object by name for `{{child_name}}`-style ones.
 */
export function templateValues(template: Template, form: Readonly<Record<string, string>>): TemplateValues {
  const fields = templateFields(template)
  const values = (part: 'header' | 'body') => {
    const own = fields.filter((field) => field.part === part)
    return template.parameter_format === 'named'
      ? Object.fromEntries(own.map((field) => [field.label, form[field.key] ?? '']))
      : own.map((field) => form[field.key] ?? '')
  }
  const header = values('header')
  const buttons = Object.fromEntries(fields.filter((field) => field.part === 'button' && form[field.key]).map((field) => [field.key.slice('button.'.length), form[field.key]!]))
  return {
    params: values('body'),
    ...((Array.isArray(header) ? header.length : Object.keys(header).length) > 0 ? { header_params: header } : {}),
    ...(Object.keys(buttons).length > 0 ? { buttons } : {}),
  }
}
