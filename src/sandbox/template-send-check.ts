import { failure, type MetaFailure } from './errors.js'
import { bodyOf, buttonsOf, headerOf, type StoredTemplate } from './template-model.js'
import { hydrate, variableNames } from './template-variables.js'
import { charLength, isObject, type Json } from './validate-helpers.js'

/**
 * Send-time checks of a template message against the stored template (docs/platform.md §1.6, §4.2),
 * after `validate-template.ts` has checked the request's shape:
 *
 * - 132000 when the parameters do not fit the template's variables: body and text-header counts,
 *   named parameters whose names differ, a button parameter missing for a URL/OTP/copy-code button
 *   with a variable, or a parameter for a component or button the template does not have;
 * - 132012 when a media or location header gets no parameter, or one of another type;
 * - 132005 when the body, hydrated with the parameters, is longer than 1,024 characters.
 */

interface SentComponent {
  params: Json[]
}

const VALUE_TYPES = new Set(['text', 'currency', 'date_time'])

export function checkTemplateSend(t: StoredTemplate, components: readonly unknown[]): MetaFailure | null {
  let header: SentComponent | null = null
  let body: SentComponent | null = null
  const buttons = new Map<number, SentComponent>()
  for (const c of components) {
    if (!isObject(c)) continue
    const params = Array.isArray(c.parameters) ? c.parameters.filter(isObject) : []
    const type = String(c.type).toLowerCase()
    if (type === 'header') header = { params }
    else if (type === 'body') body = { params }
    else if (type === 'button') buttons.set(Number(c.index), { params })
  }
  return checkHeader(t, header) ?? checkBody(t, body) ?? checkButtons(t, buttons)
}

function checkHeader(t: StoredTemplate, sent: SentComponent | null): MetaFailure | null {
  const h = headerOf(t)
  const got = sent?.params ?? []
  if (!h || h.format === 'TEXT') {
    const expected = variableNames(h?.text).length
    if (got.length !== expected) return failure(132000, `header: expected ${expected} parameter(s), received ${got.length}.`)
    return null
  }
  const want = h.format.toLowerCase()
  const type = got.length === 1 ? String(got[0]!.type) : 'UNKNOWN'
  if (type !== want) return failure(132012, `header: Format mismatch, expected ${h.format}, received ${type.toUpperCase()}.`)
  return null
}

function checkBody(t: StoredTemplate, sent: SentComponent | null): MetaFailure | null {
  const b = bodyOf(t)!
  const names = variableNames(b.text)
  const got = sent?.params ?? []
  if (got.length !== names.length) return failure(132000, `body: expected ${names.length} parameter(s), received ${got.length}.`)
  if (got.some((p) => !VALUE_TYPES.has(String(p.type)))) return failure(132012, 'body: parameters must be text, currency or date_time.')
  let values: string[] | Record<string, string>
  if (t.parameterFormat === 'NAMED') {
    const named: Record<string, string> = {}
    for (const p of got) named[String(p.parameter_name)] = valueOf(p)
    const missing = names.find((n) => !(n in named))
    if (missing) return failure(132000, `body: no parameter named ${missing}.`)
    values = named
  } else {
    if (got.some((p) => p.parameter_name !== undefined)) return failure(132000, 'body: this template takes positional parameters.')
    values = got.map(valueOf)
  }
  if (charLength(hydrate(b.text, values)) > 1024) return failure(132005, 'The body with its parameters is longer than 1024 characters.')
  return null
}

function checkButtons(t: StoredTemplate, sent: Map<number, SentComponent>): MetaFailure | null {
  const defined = buttonsOf(t)
  for (const index of sent.keys()) {
    if (!(index >= 0 && index < defined.length)) return failure(132000, `buttons: the template has no button at index ${index}.`)
  }
  for (const [index, b] of defined.entries()) {
    const needsValue = (b.type === 'URL' && (b.url ?? '').includes('{{')) || b.type === 'OTP' || b.type === 'COPY_CODE'
    if (needsValue && !sent.get(index)?.params.length) return failure(132000, `buttons: button at index ${index} of type ${b.type} requires a parameter.`)
  }
  return null
}

function valueOf(p: Json): string {
  if (p.type === 'text') return String(p.text)
  const holder = p[String(p.type)]
  return isObject(holder) ? String(holder.fallback_value ?? '') : ''
}
