/** The API's answers as the inbox reads them (the server's JSON, snake_case). */

export interface Operator {
  id: string
  email: string
  name: string
  role: 'admin' | 'operator' | 'viewer'
}

/** An operator as GET /v1/operators lists them: the e-mail address only for an admin. */
export interface ListedOperator {
  id: string
  name: string
  role: Operator['role']
  email?: string
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

/** The values of one template send, in the API's spelling. */
export interface TemplateValues {
  params: string[] | Record<string, string>
  header_params?: string[] | Record<string, string>
  buttons?: Record<string, string>
}

export type SendRequest = { to: string; text: string } | { to: string; template: { name: string; language: string } & Partial<TemplateValues> }

export interface Contact {
  phone: string
  name: string | null
  language: string | null
  external_id: string | null
  opted_out: boolean
  last_inbound_at: string | null
}

export type TemplateButton =
  | { type: 'quick_reply'; text: string }
  | { type: 'url'; text: string; url: string }
  | { type: 'phone_number'; text: string; phone_number: string }
  | { type: 'copy_code'; example?: string; text?: string }

export interface Template {
  name: string
  language: string
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION'
  parameter_format: 'positional' | 'named'
  header?: { format: 'text'; text: string } | { format: 'image' | 'video' | 'document' | 'location' }
  body: string | { text: string }
  footer?: string
  buttons?: TemplateButton[]
  status: string
}

export interface TemplatePreview {
  header: string | null
  body: string
  footer: string | null
  buttons: TemplateButton[]
  text: string
  complete: boolean
  issues: Array<{ path: string; message: string }>
}

/** A canned reply filled in for one contact; `missing` names the fields it has no value for. */
export interface CannedReply {
  title: string
  text: string
  missing: string[]
}

export interface PaymentLink {
  url: string
  /** Outside the window: the template whose URL button carries the link, and that button's value. */
  template: { name: string; language: string; buttons: Record<string, string> } | null
}

/** The dashboard's figures (GET /v1/analytics/messages). */
export type StatusGroup = 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'stale' | 'cancelled'

export interface OutcomeRow {
  /** Template name or event type; null: messages without one. */
  key: string | null
  attempted: number
  delivered: number
  read: number
  failed: number
  replied: number
  delivery_rate: number | null
  read_rate: number | null
  reply_rate: number | null
}

export interface Waits {
  answered: number
  unanswered: number
  median_seconds: number | null
  p90_seconds: number | null
}

export interface MessageReport {
  zone: string
  from: string
  to: string
  by_day: Array<{ date: string; outbound: Record<StatusGroup, number>; inbound: number }>
  by_template: OutcomeRow[]
  by_event_type: OutcomeRow[]
  response_times: Array<Waits & { date: string }>
  /** Over the whole range. */
  response_time_total: Waits
  /** Null until Parley prices what it sends (the cost engine, issue 12, will give it its shape). */
  spend: null
}
