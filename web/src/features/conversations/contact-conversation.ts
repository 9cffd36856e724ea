import type { Contact, Conversation } from '../../api/types.ts'

const WINDOW_MS = 24 * 60 * 60 * 1000

/** The `#/conversations/<phone>` address that opens a conversation directly (a link, a reload). */
export function conversationHash(phone: string): string {
  return `#/conversations/${encodeURIComponent(phone)}`
}

/** The phone a `#/conversations/<phone>` address names, or null. */
export function phoneOfHash(hash: string): string | null {
  const match = /^#\/conversations\/([^/]+)$/.exec(hash)
  return match ? decodeURIComponent(match[1]!) : null
}

/**
 * A conversation for a contact the list does not show (yet): opened from its address. Its
 * window is the server's rule, 24 hours from the contact's last message; nothing is unread.
 */
export function conversationOfContact(contact: Contact, now: number): Conversation {
  const closesAt = contact.last_inbound_at === null ? null : Date.parse(contact.last_inbound_at) + WINDOW_MS
  return {
    key: contact.key ?? contact.phone,
    phone: contact.phone,
    name: contact.name,
    external_id: contact.external_id,
    last_message: null,
    unread_count: 0,
    assignee_id: null,
    team_id: null,
    window: { closes_at: closesAt === null ? null : new Date(closesAt).toISOString(), open: closesAt !== null && closesAt > now },
    opted_out: contact.opted_out,
    marketing_consent: false,
  }
}
