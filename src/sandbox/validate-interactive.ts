import {
  arrayAt, at, checkMediaRef, checkUrl, invalidParam, isObject, objectAt, oneOf, optionalObject, optionalString, reject, stringAt, type Json,
} from './validate-helpers.js'

/**
 * Interactive messages, docs/platform.md §1.5. Missing or mistyped fields are Graph's code 100;
 * violated limits (counts, lengths, duplicates) are 131009 "Parameter value is not valid" with
 * details naming the limit, which is how the Cloud API reports them.
 */

const INTERACTIVE_TYPES = [
  'button', 'list', 'cta_url', 'flow', 'product', 'product_list', 'catalog_message', 'location_request_message', 'call_permission_request',
] as const
type InteractiveType = (typeof INTERACTIVE_TYPES)[number]

const P = 'interactive'

export function validateInteractive(interactive: Json): void {
  const type = oneOf(interactive.type, INTERACTIVE_TYPES, at(P, 'type'))
  validateHeader(type, optionalObject(interactive, 'header', P))
  if (type !== 'product') {
    const body = objectAt(interactive, 'body', P)
    // §1.5: 1,024 for buttons; Meta lists 4,096 for list messages.
    stringAt(body, 'text', at(P, 'body'), { max: type === 'list' ? 4096 : 1024, code: 131009, label: 'Body text' })
  }
  const footer = optionalObject(interactive, 'footer', P)
  if (footer) stringAt(footer, 'text', at(P, 'footer'), { max: 60, code: 131009, label: 'Footer text' })
  if (type === 'call_permission_request' && interactive.action === undefined) return
  const action = objectAt(interactive, 'action', P)
  if (type === 'button') validateButtons(action)
  else if (type === 'list') validateList(action)
  else if (type === 'cta_url') validateCtaUrl(action)
}

function validateHeader(type: InteractiveType, header: Json | undefined): void {
  if (!header) return
  const path = at(P, 'header')
  // §1.5: button and cta_url messages take text or media headers, list messages text only.
  const allowed = type === 'button' || type === 'cta_url' ? (['text', 'image', 'video', 'document'] as const) : (['text'] as const)
  const kind = oneOf(header.type, allowed, at(path, 'type'))
  if (kind === 'text') stringAt(header, 'text', path, { max: 60, code: 131009, label: 'Header text' })
  else checkMediaRef(objectAt(header, kind, path), at(path, kind))
}

function validateButtons(action: Json): void {
  const path = at(P, 'action')
  const buttons = arrayAt(action, 'buttons', path)
  if (buttons.length < 1 || buttons.length > 3) reject(131009, 'Number of buttons invalid. Min: 1, Max: 3')
  const ids = new Set<string>()
  const titles = new Set<string>()
  buttons.forEach((b, i) => {
    const bPath = at(at(path, 'buttons'), i)
    if (!isObject(b)) invalidParam(`Param ${bPath} must be a JSON object.`)
    oneOf(b.type, ['reply'] as const, at(bPath, 'type'))
    const reply = objectAt(b, 'reply', bPath)
    const title = stringAt(reply, 'title', at(bPath, 'reply'), { max: 20, code: 131009, label: 'Button title' })
    const id = stringAt(reply, 'id', at(bPath, 'reply'), { max: 256, code: 131009, label: 'Button id' })
    if (id !== id.trim()) reject(131009, 'Button id cannot have leading or trailing spaces')
    if (ids.has(id)) reject(131009, 'Duplicate button id')
    if (titles.has(title)) reject(131009, 'Duplicate button title')
    ids.add(id)
    titles.add(title)
  })
}

function validateList(action: Json): void {
  const path = at(P, 'action')
  stringAt(action, 'button', path, { max: 20, code: 131009, label: 'Button label' })
  const sections = arrayAt(action, 'sections', path)
  if (sections.length < 1 || sections.length > 10) reject(131009, 'Number of sections invalid. Min: 1, Max: 10')
  const rowIds = new Set<string>()
  sections.forEach((s, i) => {
    const sPath = at(at(path, 'sections'), i)
    if (!isObject(s)) invalidParam(`Param ${sPath} must be a JSON object.`)
    // §1.5: every section needs a title when there is more than one.
    if (sections.length > 1) stringAt(s, 'title', sPath, { max: 24, code: 131009, label: 'Section title' })
    else optionalString(s, 'title', sPath, { max: 24, code: 131009, label: 'Section title' })
    const rows = arrayAt(s, 'rows', sPath)
    rows.forEach((r, j) => {
      const rPath = at(at(sPath, 'rows'), j)
      if (!isObject(r)) invalidParam(`Param ${rPath} must be a JSON object.`)
      const id = stringAt(r, 'id', rPath, { max: 200, code: 131009, label: 'Row id' })
      stringAt(r, 'title', rPath, { max: 24, code: 131009, label: 'Row title' })
      optionalString(r, 'description', rPath, { max: 72, code: 131009, label: 'Row description' })
      if (rowIds.has(id)) reject(131009, 'Duplicate row id')
      rowIds.add(id)
    })
  })
  if (rowIds.size < 1 || rowIds.size > 10) reject(131009, 'Total row count invalid. Min: 1, Max: 10')
}

function validateCtaUrl(action: Json): void {
  const path = at(P, 'action')
  oneOf(action.name, ['cta_url'] as const, at(path, 'name'))
  const params = objectAt(action, 'parameters', path)
  stringAt(params, 'display_text', at(path, 'parameters'))
  checkUrl(stringAt(params, 'url', at(path, 'parameters')), at(at(path, 'parameters'), 'url'))
}
