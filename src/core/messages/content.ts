import type { TemplateContent } from '../templates/content.js'

/**
 * What a message says, independent of any provider's wire format. Adapters translate it.
 */
export type { TemplateContent, TemplateParams } from '../templates/content.js'

export type OutboundContent = TextContent | TemplateContent

export interface TextContent {
  kind: 'text'
  text: string
  previewUrl?: boolean
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
