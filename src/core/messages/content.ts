import type { TemplateContent } from '../templates/content.js'
import type { InboundMediaType, OutboundMediaType } from './media.js'

/**
 * What a message says, independent of any provider's wire format. Adapters translate it.
 */
export type { TemplateContent, TemplateParams } from '../templates/content.js'

export type OutboundContent = TextContent | TemplateContent | MediaContent

export interface TextContent {
  kind: 'text'
  text: string
  previewUrl?: boolean
}

/** A file the platform fetches from a public https URL (docs/platform.md §1.4); free-form, like text. */
export interface MediaContent {
  kind: 'media'
  mediaType: OutboundMediaType
  link: string
  caption?: string
  /** Documents only: the name the phone shows. */
  filename?: string
}

export type MessageKind = OutboundContent['kind'] | InboundContent['kind']

/** What a user sent us, normalised. `other` keeps types Parley does not interpret yet. */
export type InboundContent =
  | { kind: 'text'; text: string }
  | { kind: 'button'; text: string; payload: string | null }
  | { kind: 'interactive'; replyType: 'button_reply' | 'list_reply'; id: string; title: string; description?: string }
  | { kind: 'media'; mediaType: InboundMediaType; caption?: string; filename?: string; mimeType?: string }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
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
    case 'media': {
      const label = content.caption ?? content.filename
      return label ? `[${content.mediaType}] ${label}` : `[${content.mediaType}]`
    }
    case 'location': {
      const label = [content.name, content.address].filter(Boolean).join(', ')
      return label ? `[location] ${label}` : `[location]`
    }
    case 'other':
      return `[${content.providerType}]`
  }
}
