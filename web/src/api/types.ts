/** The API's answers as the inbox reads them (the server's JSON, snake_case). */

export interface Operator {
  id: string
  email: string
  name: string
  role: 'admin' | 'operator' | 'viewer'
}

export interface Session {
  operator: Operator
  csrf_token: string
}

export interface ConversationWindow {
  /** ISO time the 24-hour customer-service window closes; null when it never opened. */
  closes_at: string | null
  open: boolean
}

export interface Conversation {
  phone: string
  name: string | null
  external_id: string | null
  last_message: { preview: string; direction: 'inbound' | 'outbound'; at: string } | null
  unread_count: number
  assignee_id: string | null
  window: ConversationWindow
  opted_out: boolean
  marketing_consent: boolean
}

export type ConversationFilter = 'all' | 'unassigned' | 'waiting' | 'opted_out'

export interface Page<T> {
  data: T[]
  next_cursor: string | null
}

export type MessageStatus =
  | 'scheduled' | 'queued' | 'sending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'cancelled' | 'stale' | 'received'

export interface Message {
  id: string
  direction: 'inbound' | 'outbound'
  to: string
  from: string
  kind: string
  text: string | null
  status: MessageStatus
  error: { code: string; title: string } | null
  created_at: string
  updated_at: string
}

export type SendRequest =
  | { to: string; text: string }
  | { to: string; template: { name: string; language: string; params?: unknown } }
