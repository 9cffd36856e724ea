import type { E164 } from '../contacts/phone.js'
import type { Page } from '../messages/ports.js'
import { CUSTOMER_SERVICE_WINDOW } from '../messages/window.js'
import type { Instant } from '../shared/time.js'
import type { ConversationCycle } from './response-times.js'
import type { Visibility } from '../teams/visibility.js'

/**
 * The list filters of the inbox; "mine" is `assignee` set to the operator's own id. Every filter
 * but `resolved` lists open conversations only (as Chatwoot's inbox does: resolved work is out of
 * the way until the parent writes again); `resolved` lists the resolved ones.
 */
export const CONVERSATION_FILTERS = ['all', 'unassigned', 'waiting', 'opted_out', 'resolved'] as const
export type ConversationFilter = (typeof CONVERSATION_FILTERS)[number]

export interface ConversationQuery {
  filter: ConversationFilter
  /** Only conversations assigned to this operator. */
  assignee?: string
  /** Only conversations routed to this team. */
  team?: string
  /** A name prefix (case-insensitive), or a phone or external id prefix. */
  search?: string
  /** Whose conversations the asker may see (default: all). */
  visibility?: Visibility
  limit: number
  cursor: ConversationCursor | null
  /** `contact`: the next cursor names the last conversation by contact id, not phone (for a session that must not read numbers). */
  cursorBy?: 'phone' | 'contact'
}

/**
 * A position in the list's order: newest activity first, then phone. A cursor for a session that
 * sees masked numbers names the contact instead, whose phone the store looks up.
 */
export type ConversationCursor = { at: Instant; phone: string } | { at: Instant; contactId: string }

/** One line of the inbox's conversation list. */
export interface ConversationSummary {
  contactId: string
  phone: E164
  name: string | null
  externalId: string | null
  lastMessage: { preview: string; direction: 'inbound' | 'outbound'; at: Instant }
  unreadCount: number
  assigneeId: string | null
  /** The team it is routed to; null: unrouted. */
  teamId: string | null
  /** The user's last message time: the customer-service window runs from it. */
  lastInboundAt: Instant | null
  waitingSince: Instant | null
  optedOut: boolean
  /** Granted, withdrawn, or never asked (null). */
  marketingConsent: boolean | null
  /** The current cycle (see core/inbox/response-times.ts); `resolvedAt` set: the conversation is resolved. */
  cycle: ConversationCycle
}

/** What resolving or reopening did: nothing when it already was so, or there is no such contact. */
export type StateChange = 'changed' | 'unchanged' | 'not_found'

/** What reading a conversation found to acknowledge on the platform: its newest inbound message. */
export interface ReadMark {
  providerMessageId: string
  senderId: string
  provider: string
}

/** A conversation as the per-conversation routes find it: by phone or contact id, with what visibility needs. */
export interface ConversationRef {
  contactId: string
  phone: E164
  teamId: string | null
  assigneeId: string | null
}

/** The conversation list's store. */
export interface Conversations {
  /** One page of the list, newest activity first. */
  list(query: ConversationQuery): Promise<Page<ConversationSummary>>
  /** Sets the read mark at the newest inbound message; null when there is no such contact. */
  markRead(phone: E164, now: Instant): Promise<{ latestInbound: ReadMark | null } | null>
  /** Assigns the conversation (null: unassigns); false when there is no such contact. Emits `conversation.assigned`. */
  assign(phone: E164, assigneeId: string | null, now: Instant): Promise<boolean>
  /** Marks it resolved, ending its cycle; emits `conversation.resolved` when it was open. */
  resolve(phone: E164, actorId: string, now: Instant): Promise<StateChange>
  /** Opens it again (a new cycle starts at the next message that waits); emits `conversation.reopened` when it was resolved. */
  reopen(phone: E164, actorId: string, now: Instant): Promise<StateChange>
  /** Remembers that this operator wrote to the parent (sticky assignment offers them the parent back). */
  noteHandler(phone: E164, operatorId: string): Promise<void>
  /** Puts an operator's typing signal on the feed; false when there is no such contact. */
  typing(phone: E164, operatorId: string, until: Instant, now: Instant): Promise<boolean>
  /** Routes the conversation to a team (null: unroutes it); false when there is no such contact. Emits `conversation.team_changed`. */
  setTeam(phone: E164, teamId: string | null, now: Instant): Promise<boolean>
  /** The contact with this phone (E.164) or contact id, or null. */
  find(key: { phone: E164 } | { contactId: string }): Promise<ConversationRef | null>
  /** The team and assignee of each contact named by id or phone (the map has both as keys), for filtering the live feed. */
  routingOf(keys: readonly string[]): Promise<Map<string, { teamId: string | null; assigneeId: string | null }>>
}

/** When the window closes (null: never opened) and whether it is open at `now` (docs/platform.md §4.1). */
export function windowAt(lastInboundAt: Instant | null, now: Instant): { closesAt: Instant | null; open: boolean } {
  if (lastInboundAt === null) return { closesAt: null, open: false }
  const closesAt = lastInboundAt + CUSTOMER_SERVICE_WINDOW
  return { closesAt, open: now < closesAt }
}

/** The cursor for "after this conversation", opaque to clients. */
export function encodeConversationCursor(cursor: ConversationCursor): string {
  const text = 'phone' in cursor ? `c:${cursor.at}:${cursor.phone}` : `k:${cursor.at}:${cursor.contactId}`
  return Buffer.from(text).toString('base64url')
}

/** The position a cursor stands for; null for a cursor this API did not issue. */
export function decodeConversationCursor(cursor: string): ConversationCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null
  const text = Buffer.from(cursor, 'base64url').toString()
  const byPhone = /^c:(\d{1,15}):(\+\d{1,20})$/.exec(text)
  if (byPhone) return { at: Number(byPhone[1]), phone: byPhone[2]! }
  const byContact = /^k:(\d{1,15}):([A-Za-z0-9_]{1,60})$/.exec(text)
  return byContact ? { at: Number(byContact[1]), contactId: byContact[2]! } : null
}
