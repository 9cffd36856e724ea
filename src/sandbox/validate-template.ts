import {
  arrayAt, at, charLength, checkMediaRef, invalidParam, isObject, objectAt, oneOf, reject, stringAt, type Json,
} from './validate-helpers.js'

/**
 * Template sends, docs/platform.md §1.6: the structure of `name`, `language` and `components`, and the
 * send-time parameter rules that need no template store (132018 whitespace, 132005 length, the
 * one-variable header). Checks against the template's definition (132000 counts, 132001 missing)
 * belong to the template store, via `TemplateCatalog`.
 */

export interface TemplateRef {
  name: string
  languageCode: string
  components: readonly unknown[]
}

const COMPONENT_TYPES = ['header', 'body', 'button'] as const
const BUTTON_SUB_TYPES = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'] as const
const PARAM_TYPES = ['text', 'currency', 'date_time', 'image', 'video', 'document', 'location', 'payload', 'coupon_code', 'action'] as const
const HEADER_ONLY = new Set(['image', 'video', 'document', 'location'])
const VARIABLE_TYPES = new Set(['text', 'currency', 'date_time'])

// §1.6: newline, tab, or more than four consecutive spaces → 132018.
const BAD_WHITESPACE = /[\n\r\t]| {5}/
const NAME = /^[a-z0-9_]+$/
const PARAM_NAME = /^[a-z_][a-z0-9_]*$/

const T = 'template'

export function validateTemplate(template: Json): TemplateRef {
  const name = stringAt(template, 'name', T)
  // A name that cannot exist (§3.6: ^[a-z0-9_]+$, ≤512) is a missing template.
  if (!NAME.test(name) || name.length > 512) reject(132001, `Template name ${JSON.stringify(name)} does not exist.`)
  const language = objectAt(template, 'language', T)
  const languageCode = stringAt(language, 'code', at(T, 'language'))
  if (language.policy !== undefined) oneOf(language.policy, ['deterministic'] as const, at(at(T, 'language'), 'policy'))
  const components = template.components === undefined ? [] : arrayAt(template, 'components', T)
  let named = 0
  let positional = 0
  components.forEach((c, i) => {
    const counts = validateComponent(c, at(at(T, 'components'), i))
    named += counts.named
    positional += counts.positional
  })
  if (named > 0 && positional > 0) invalidParam('Named and positional parameters cannot be mixed in one template.')
  return { name, languageCode, components }
}

function validateComponent(c: unknown, path: string): { named: number; positional: number } {
  if (!isObject(c)) invalidParam(`Param ${path} must be a JSON object.`)
  // Meta's examples write component types in lower case; upper case is tolerated like elsewhere in Graph.
  const type = oneOf(typeof c.type === 'string' ? c.type.toLowerCase() : c.type, COMPONENT_TYPES, at(path, 'type'))
  if (type === 'button') {
    oneOf(typeof c.sub_type === 'string' ? c.sub_type.toLowerCase() : c.sub_type, BUTTON_SUB_TYPES, at(path, 'sub_type'))
    // §1.6: Meta's own examples use both "0" and 0.
    const index = typeof c.index === 'string' && /^\d+$/.test(c.index) ? Number(c.index) : c.index
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 9) {
      invalidParam(`Param ${at(path, 'index')} must be an integer between 0 and 9.`)
    }
  }
  const params = c.parameters === undefined ? [] : arrayAt(c, 'parameters', path)
  let named = 0
  let positional = 0
  let textChars = 0
  let textParams = 0
  params.forEach((p, i) => {
    const pPath = at(at(path, 'parameters'), i)
    if (!isObject(p)) invalidParam(`Param ${pPath} must be a JSON object.`)
    const kind = oneOf(p.type, PARAM_TYPES, at(pPath, 'type'))
    if (HEADER_ONLY.has(kind) && type !== 'header') invalidParam(`Param ${at(pPath, 'type')} ${kind} is only allowed in the header.`)
    if (p.parameter_name !== undefined) {
      if (typeof p.parameter_name !== 'string' || !PARAM_NAME.test(p.parameter_name)) {
        invalidParam(`Param ${at(pPath, 'parameter_name')} must be lowercase letters, digits and underscores.`)
      }
      named++
    } else if (VARIABLE_TYPES.has(kind)) {
      // Only values that fill a {{variable}} are named or positional; payloads and media are neither.
      positional++
    }
    if (kind === 'text') {
      const text = stringAt(p, 'text', pPath)
      if (BAD_WHITESPACE.test(text)) reject(132018, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces')
      textChars += charLength(text)
      textParams++
    } else {
      validateParamValue(kind, p, pPath)
    }
  })
  if (type === 'header') {
    // §1.6: a header has at most one variable, of at most 60 characters.
    if (textParams > 1) reject(132000, 'A template header takes at most one text parameter.')
    if (textChars > 60) reject(132005, 'Header text parameter is longer than 60 characters.')
  }
  // §1.6: the hydrated body must stay ≤1,024; parameters alone beyond that can never fit.
  if (type === 'body' && textChars > 1024) reject(132005, 'Hydrated body text would exceed 1024 characters.')
  // Button values fill the button's own URL variable and are never named: only header/body count.
  return type === 'button' ? { named: 0, positional: 0 } : { named, positional }
}

function validateParamValue(kind: (typeof PARAM_TYPES)[number], p: Json, path: string): void {
  switch (kind) {
    case 'currency': {
      const cur = objectAt(p, 'currency', path)
      stringAt(cur, 'fallback_value', at(path, 'currency'))
      stringAt(cur, 'code', at(path, 'currency'))
      if (typeof cur.amount_1000 !== 'number') invalidParam(`The parameter ${at(at(path, 'currency'), 'amount_1000')} is required.`)
      return
    }
    case 'date_time':
      stringAt(objectAt(p, 'date_time', path), 'fallback_value', at(path, 'date_time'))
      return
    case 'image':
    case 'video':
    case 'document':
      checkMediaRef(objectAt(p, kind, path), at(path, kind))
      return
    case 'location': {
      const loc = objectAt(p, 'location', path)
      for (const key of ['latitude', 'longitude', 'name', 'address']) {
        if (loc[key] === undefined || loc[key] === '') invalidParam(`The parameter ${at(at(path, 'location'), key)} is required.`)
      }
      return
    }
    case 'payload':
      stringAt(p, 'payload', path)
      return
    case 'coupon_code':
      stringAt(p, 'coupon_code', path, { max: 15 })
      return
    case 'action':
      objectAt(p, 'action', path)
      return
    case 'text':
      return
  }
}
