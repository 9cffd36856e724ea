/**
 * A message template as Parley models it: provider-neutral, close to the platform's structure
 * (docs/platform.md §3) but written for people (YAML files, the API). Adapters translate it.
 */
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number]

/** Variables are positional (`{{1}}`, `{{2}}`) or named (`{{child_name}}`), never both in one template. */
export type ParameterFormat = 'positional' | 'named'

/** Sample values for a component's variables, by variable name (`"1"`, `"2"` or `"child_name"`). */
export type Examples = Record<string, string>

export type TemplateHeader =
  | { format: 'text'; text: string; examples: Examples }
  /** `example` is a public URL (or provider media handle) of a sample file; review needs one. */
  | { format: 'image' | 'video' | 'document'; example: string | null }
  | { format: 'location' }

export type TemplateButton =
  | { type: 'quick_reply'; text: string }
  /** `url` may end with one variable (`https://pay.example/{{1}}`); `example` is its sample value. */
  | { type: 'url'; text: string; url: string; example: string | null }
  | { type: 'phone_number'; text: string; phoneNumber: string }
  | { type: 'copy_code'; example: string }

export interface TemplateDefinition {
  name: string
  /** The platform's language code, e.g. `en`, `en_US`, `pt_BR`, `tr`. */
  language: string
  category: TemplateCategory
  parameterFormat: ParameterFormat
  header: TemplateHeader | null
  body: { text: string; examples: Examples }
  footer: string | null
  buttons: TemplateButton[]
}

/** The parts of a template a lint finding or a parameter can belong to. */
export type TemplateComponent = 'name' | 'language' | 'category' | 'header' | 'body' | 'footer' | 'buttons'
