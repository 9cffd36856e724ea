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
  team_ids: string[]
  email?: string
  /** These three for an admin only. */
  sees_all_teams?: boolean
  disabled?: boolean
  created_at?: string
}

/** A team of operators and the response targets it promises, in minutes (null: none of its own). */
export interface Team {
  id: string
  name: string
  first_response_sla_minutes: number | null
  resolution_sla_minutes: number | null
  member_ids: string[]
}

export interface NewOperator {
  email: string
  name?: string
  role: Operator['role']
  password?: string
  sees_all_teams?: boolean
}

export type OperatorChange = Partial<{ name: string; role: Operator['role']; disabled: boolean; sees_all_teams: boolean }>

export type TeamFields = { name: string; first_response_sla_minutes?: number | null; resolution_sla_minutes?: number | null }

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
  /** How to address it in the API and in links: the phone, or a contact id for a session that sees masked numbers. */
  key: string
  phone: string
  name: string | null
  external_id: string | null
  last_message: { preview: string; direction: 'inbound' | 'outbound'; at: string } | null
  unread_count: number
  assignee_id: string | null
  team_id: string | null
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
  key: string
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
