/* A template message as sent: the templates feature owns its shape; messages carry it as one kind of content. */

/** Body parameters: positional (`{{1}}`, `{{2}}`) or named (`{{child_name}}`). */
export type TemplateParams = string[] | Record<string, string>

export interface TemplateContent {
  kind: 'template'
  name: string
  language: string
  /** Body variables. */
  params: TemplateParams
  /** The text header's variable, when the header has one. */
  headerParams?: TemplateParams
  /** The media header's file: a public HTTPS URL (or a provider media id). */
  headerMedia?: { type: 'image' | 'video' | 'document'; link: string }
  /** Values for buttons that take one, by the button's zero-based position: a URL suffix, a copy code, a quick-reply payload. */
  buttonParams?: Array<{ index: number; type: 'url' | 'copy_code' | 'quick_reply'; value: string }>
  /** The exact text the user sees, once the template is rendered (header, body, footer). */
  rendered?: string
}
