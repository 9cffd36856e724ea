/**
 * What a message says, independent of any provider's wire format. Adapters translate it.
 */
export type OutboundContent = TextContent | TemplateContent

export interface TextContent {
  kind: 'text'
  text: string
  previewUrl?: boolean
}

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

export type MessageKind = OutboundContent['kind'] | InboundContent['kind']

/** What a user sent us, normalised. `other` keeps types Parley does not interpret yet. */
export type InboundContent =
  | { kind: 'text'; text: string }
  | { kind: 'button'; text: string; payload: string | null }
  | { kind: 'interactive'; replyType: 'button_reply' | 'list_reply'; id: string; title: string; description?: string }
  | { kind: 'other'; providerType: string }

/** The text a person sees, for history, search and the inbox. */
export function previewOf(content: OutboundContent | InboundContent): string {
  switch (content.kind) {
    case 'text':
      return content.text
    case 'template': {
      if (content.rendered !== undefined) return content.rendered
      const values = Array.isArray(content.params) ? content.params : Object.values(content.params)
      return values.length > 0 ? `[${content.name}] ${values.join(' · ')}` : `[${content.name}]`
    }
    case 'button':
      return content.text
    case 'interactive':
      return content.title
    case 'other':
      return `[${content.providerType}]`
  }
}
