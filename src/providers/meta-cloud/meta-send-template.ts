import type { TemplateContent, TemplateParams } from '../../core/messages/content.js'

type Json = Record<string, unknown>

/** Meta's button `sub_type` and parameter shape for each kind of button value (docs/platform.md §1.6). */
const BUTTON_PARAMETERS = {
  url: (value: string): Json => ({ type: 'text', text: value }),
  copy_code: (value: string): Json => ({ type: 'coupon_code', coupon_code: value }),
  quick_reply: (value: string): Json => ({ type: 'payload', payload: value }),
} as const

/**
 * The `template` object of a template send: header (text variable or media file), body and one
 * component per button that takes a value, in that order. Components without parameters are left
 * out, so a template with none sends no `components` at all.
 */
export function templateObject(content: TemplateContent): Json {
  const components: Json[] = []
  const header = [...(content.headerMedia ? [mediaParameter(content.headerMedia)] : []), ...textParameters(content.headerParams ?? [])]
  if (header.length > 0) components.push({ type: 'header', parameters: header })
  const body = textParameters(content.params)
  if (body.length > 0) components.push({ type: 'body', parameters: body })
  const buttons = [...(content.buttonParams ?? [])].sort((a, b) => a.index - b.index)
  for (const button of buttons) {
    // `index` as a string, as most of Meta's examples write it (both forms are accepted).
    components.push({ type: 'button', sub_type: button.type, index: String(button.index), parameters: [BUTTON_PARAMETERS[button.type](button.value)] })
  }
  return { name: content.name, language: { code: content.language }, ...(components.length > 0 ? { components } : {}) }
}

/** An array fills `{{1}}`, `{{2}}`… in order; an object names each one (`parameter_name`, NAMED templates). */
function textParameters(params: TemplateParams): Json[] {
  if (Array.isArray(params)) return params.map((text) => ({ type: 'text', text }))
  return Object.entries(params).map(([name, text]) => ({ type: 'text', parameter_name: name, text }))
}

/** A media header: a public URL goes as `link`; anything else is taken for a media id uploaded to Meta. */
function mediaParameter(media: NonNullable<TemplateContent['headerMedia']>): Json {
  const file = /^https?:\/\//i.test(media.link) ? { link: media.link } : { id: media.link }
  return { type: media.type, [media.type]: file }
}
