import type { E164 } from '../contacts/phone.js'
import type { Page } from '../messages/ports.js'
import { CUSTOMER_SERVICE_WINDOW } from '../messages/window.js'
import type { Instant } from '../shared/time.js'
import type { ConversationCycle } from './response-times.js'

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
  /** A name prefix (case-insensitive), or a phone or external id prefix. */
  search?: string
  limit: number
  cursor: ConversationCursor | null
}

/** A position in the list's order: newest activity first, then phone. */
export interface ConversationCursor {
  at: Instant
  phone: string
}

/** One line of the inbox's conversation list. */
export interface ConversationSummary {
  phone: E164
  name: string | null
  externalId: string | null
  lastMessage: { preview: string; direction: 'inbound' | 'outbound'; at: Instant }
  unreadCount: number
  assigneeId: string | null
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
}

/** When the window closes (null: never opened) and whether it is open at `now` (docs/platform.md §4.1). */
export function windowAt(lastInboundAt: Instant | null, now: Instant): { closesAt: Instant | null; open: boolean } {
  if (lastInboundAt === null) return { closesAt: null, open: false }
  const closesAt = lastInboundAt + CUSTOMER_SERVICE_WINDOW
  return { closesAt, open: now < closesAt }
}

/** The cursor for "after this conversation", opaque to clients. */
export function encodeConversationCursor(cursor: ConversationCursor): string {
  return Buffer.from(`c:${cursor.at}:${cursor.phone}`).toString('base64url')
}

/** The position a cursor stands for; null for a cursor this API did not issue. */
export function decodeConversationCursor(cursor: string): ConversationCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null
  const match = /^c:(\d{1,15}):(\+\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? { at: Number(match[1]), phone: match[2]! } : null
}
