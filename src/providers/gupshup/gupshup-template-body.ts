import type { TemplateDefinition, TemplateHeader } from '../../core/templates/model.js'
import { fillPlaceholders } from '../../core/templates/variables.js'
import { templateButtonJson } from '../meta-cloud/meta-template-body.js'

/** `templateType` by header (docs/platform.md §7.1): TEXT for none or a text header. */
const TEMPLATE_TYPES = { text: 'TEXT', image: 'IMAGE', video: 'VIDEO', document: 'DOCUMENT', location: 'LOCATION' } as const

/**
 * The form of the partner API's "apply for template" (`POST /partner/app/{appId}/templates`,
 * §7.1). Gupshup's samples are the whole text with the variables filled in (`example`,
 * `exampleHeader`), not the values alone; buttons are Meta's button objects as a JSON string.
 */
export function templateCreateForm(template: TemplateDefinition): Record<string, string> {
  const { header } = template
  const form: Record<string, string> = {
    elementName: template.name,
    languageCode: template.language,
    category: template.category,
    templateType: TEMPLATE_TYPES[header?.format ?? 'text'],
    // A label Gupshup groups templates by in its console; the name says the use best.
    vertical: template.name,
    content: template.body.text,
    example: fillPlaceholders(template.body.text, template.body.examples),
    enableSample: 'true',
  }
  Object.assign(form, headerFields(header))
  if (template.footer !== null) form.footer = template.footer
  if (template.buttons.length > 0) form.buttons = JSON.stringify(template.buttons.map(templateButtonJson))
  // Gupshup adds its "do not share this code" line to authentication templates when asked.
  if (template.category === 'AUTHENTICATION') form.addSecurityRecommendation = 'true'
  return form
}

function headerFields(header: TemplateHeader | null): Record<string, string> {
  if (header === null || header.format === 'location') return {}
  if (header.format === 'text') return { header: header.text, exampleHeader: fillPlaceholders(header.text, header.examples) }
  // A media header's sample is a handle from Gupshup's upload API (or a URL); review needs one.
  return header.example === null ? {} : { exampleMedia: header.example }
}
