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
  /** Sharing the work (features/workflow): open or resolved, and the current cycle's times. */
  state?: 'open' | 'resolved'
  resolved_at?: string | null
  waiting_since?: string | null
  first_response_seconds?: number | null
  resolution_seconds?: number | null
  sla?: { first_response_due_at: string; breached: boolean; resolution_due_at?: string | null; resolution_breached?: boolean | null } | null
}

export type ConversationFilter = 'all' | 'unassigned' | 'waiting' | 'opted_out' | 'resolved'

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

export type SendRequest =
  | { to: string; text: string }
  | { to: string; template: { name: string; language: string } & Partial<TemplateValues> }
  | { to: string; media: MediaRequest }

/** A file by public https URL (free-form: inside the window only). */
export interface MediaRequest {
  type: 'image' | 'document' | 'video' | 'audio'
  url: string
  caption?: string
  filename?: string
}

export interface Contact {
  key: string
  phone: string
  name: string | null
  language: string | null
  external_id: string | null
  opted_out: boolean
  last_inbound_at: string | null
  timezone?: string | null
  opt_out?: ConsentRecord | null
  marketing_consent?: ConsentRecord | null
  tags?: string[]
}

export interface ConsentRecord {
  granted: boolean
  source: string
  at: string
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

/** What a send to the contact would cost now (GET /v1/contacts/{phone}/send-estimate): micro-units of `currency`. */
export interface SendEstimate {
  window: 'open' | 'closed'
  cost: { estimated_micros: number; platform_micros: number; provider_micros: number; currency: string; category: string; reason: string; card: string | null } | null
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

/** An operator's internal note on a conversation: only operators see it. */
export interface Note {
  id: string
  phone: string
  author_id: string
  text: string
  mentions: string[]
  created_at: string
}

/** A business event about a contact, with what the rules did for it. */
export interface ContactEvent {
  id: string
  type: string
  occurred_at: string
  received_at: string
  decisions: Array<{
    rule_id: string
    outcome: 'queued' | 'scheduled' | 'suppressed' | 'cancelled' | 'error'
    reason: string | null
    message: { id: string; preview: string; status: string } | null
    decided_at: string
  }>
}

/** A subject (student) a contact is linked to, and as what. */
export interface LinkedSubject {
  external_id: string
  role: string
  linked_at: string
}

/* The templates page: templates as the API manages them (GET /v1/templates, /v1/templates/{name}/{language}). */

export type TemplateStatus = 'draft' | 'submitted' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled' | 'deleted'

export interface LintFinding {
  rule: string
  severity: 'error' | 'warning' | 'info'
  component: 'name' | 'language' | 'category' | 'header' | 'body' | 'footer' | 'buttons'
  position: { start?: number; end?: number; button?: number } | null
  message: string
  fix: string
  /** What the rule checks; null for a rule no longer in the lint set. */
  summary: string | null
  /** Where the rule comes from (the platform doc section, a guideline, an error code). */
  source: string | null
}

export interface TemplateUsage {
  sent: number
  delivered: number
  read: number
  replied: number
  last_sent_at: string | null
}

export interface ManagedTemplate extends Template {
  status: TemplateStatus
  header?: { format: 'text'; text: string; examples?: Record<string, string> } | { format: 'image' | 'video' | 'document'; example?: string } | { format: 'location' }
  body: string | { text: string; examples?: Record<string, string> }
  buttons?: Array<TemplateButton & { example?: string }>
  provider_status: string | null
  provider_template_id: string | null
  origin: 'own' | 'provider'
  tags: string[]
  folder: string | null
  quality: string | null
  rejection_reason: string | null
  lint: LintFinding[]
  usage?: TemplateUsage
  created_at: string
  updated_at: string
  status_at: string
}

export interface TemplateEvent {
  kind: 'saved' | 'submitted' | 'refused' | 'status' | 'category' | 'quality' | 'deleted'
  status: TemplateStatus | null
  reason: string | null
  detail: Record<string, unknown> | null
  source: 'api' | 'cli' | 'webhook' | 'sync'
  at: string
  recorded_at: string
}

export interface TemplateDetail extends ManagedTemplate {
  history: TemplateEvent[]
}

export type TemplateSort = 'name' | 'updated' | 'usage' | 'last_sent'

export interface TemplateListQuery {
  status?: string
  origin?: 'own' | 'provider' | 'all'
  folder?: string
  tag?: string
  language?: string
  q?: string
  sort?: TemplateSort
  order?: 'asc' | 'desc'
  limit?: number
}

/** Per template family, each expected language's status or `missing`. */
export interface LanguageReport {
  languages: string[]
  families: Array<{ name: string; languages: Record<string, TemplateStatus | 'missing'>; missing: string[] }>
}

export interface TemplateSyncSummary {
  created: number
  updated: number
  unchanged: number
  deleted: number
}
