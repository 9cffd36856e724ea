import type { Generated, Insertable, Selectable } from 'kysely'
import type { Channel } from '../core/providers/channel.js'

/**
 * The tables, as Kysely sees them. Times are integer epoch milliseconds (UTC) and JSON is text,
 * so that one set of queries reads the same on SQLite and PostgreSQL.
 */
export interface DB {
  contacts: ContactsTable
  contact_provider_ids: ContactProviderIdsTable
  messages: MessagesTable
  message_events: MessageEventsTable
  api_keys: ApiKeysTable
  idempotency_keys: IdempotencyKeysTable
  rate_buckets: RateBucketsTable
  templates: TemplatesTable
  template_events: TemplateEventsTable
  subjects: SubjectsTable
  subject_contacts: SubjectContactsTable
  events: EventsTable
  notification_decisions: NotificationDecisionsTable
  cancel_keys: CancelKeysTable
  cancellations: CancellationsTable
  feedback: FeedbackTable
  webhook_subscriptions: WebhookSubscriptionsTable
  webhook_deliveries: WebhookDeliveriesTable
  documents: DocumentsTable
  receiver_heartbeats: ReceiverHeartbeatsTable
  operators: OperatorsTable
  operator_sessions: OperatorSessionsTable
  audit_log: AuditLogTable
  feed: FeedTable
  teams: TeamsTable
  team_members: TeamMembersTable
  operator_presence: OperatorPresenceTable
  assignment_rotation: AssignmentRotationTable
  notes: NotesTable
  sms_fallbacks: SmsFallbacksTable
  cost_budgets: CostBudgetsTable
  cost_spend: CostSpendTable
  cost_budget_alerts: CostBudgetAlertsTable
}

/** The budget document (migration 0030): one row, `current`, its JSON in file form. */
export interface CostBudgetsTable {
  id: string
  document: string
  version: number
  updated_at: number
}

/** A month's spend (`YYYY-MM`) per scope (`category:marketing`, `sender:+55…`) and currency, in micro-units. */
export interface CostSpendTable {
  month: string
  scope: string
  currency: string
  micros: number
}

/** The budget thresholds (80, 100) that alerted, once each per month and scope. */
export interface CostBudgetAlertsTable {
  month: string
  scope: string
  threshold: number
  spent_micros: number
  amount_micros: number
  created_at: number
}

/** The failed WhatsApp messages a rule's SMS fallback was decided for, each once (migration 0021). */
export interface SmsFallbacksTable {
  failed_message_id: string
  event_id: string
  created_at: number
}

/** An operator's open live stream (migration 0016): online while `last_seen_at` is recent. */
export interface OperatorPresenceTable {
  connection_id: string
  operator_id: string
  last_seen_at: number
}

/** The round robin's pointer: one row, `inbox`, locked by each automatic assignment. */
export interface AssignmentRotationTable {
  id: string
  last_operator_id: string | null
  turns: Generated<number>
}

/** Operators' internal notes on a conversation (migration 0017). */
export interface NotesTable {
  id: string
  contact_id: string
  author_id: string
  text: string
  /** Mentioned operator ids, a JSON array. */
  mentions: string
  created_at: number
}

/** The live feed: the inbox's events in commit order (see feed-store.ts), pruned after a day. */
export interface FeedTable {
  seq: Generated<number>
  at: number
  type: string
  /** The event, JSON. */
  payload: string
}

/** Whole documents by name (the rules set through the API). */
export interface DocumentsTable {
  name: string
  body: string
  updated_at: number
}

export interface ContactsTable {
  id: string
  /** E.164, unique. */
  phone: string
  /** The provider's current id for this user (Meta `wa_id`), which can differ from the phone. */
  provider_user_id: string | null
  profile_name: string | null
  /** The user's last inbound message time (their send time): the customer-service window starts here. */
  last_inbound_at: number | null
  /** Preferred language for templates (a platform language code), when known. */
  language: string | null
  name: string | null
  /** IANA time zone, e.g. `Europe/Istanbul`. */
  timezone: string | null
  /** The business's own id for the person. */
  external_id: string | null
  opt_out_at: number | null
  opt_out_source: string | null
  /** 1 opted in, 0 opted out, null never asked. */
  marketing_consent: number | null
  marketing_consent_source: string | null
  marketing_consent_at: number | null
  /** 0 once the platform said the number is not on WhatsApp. */
  on_whatsapp: number | null
  /** JSON array of strings; null when none were ever set. */
  tags: string | null
  /** JSON object of string, number or boolean values; null when none were ever set. */
  attributes: string | null
  /** The conversation (migration 0014): its newest message's time, text and direction. */
  last_activity_at: number | null
  last_message_preview: string | null
  last_message_direction: 'inbound' | 'outbound' | null
  /** Inbound messages stored since the conversation was last read (at `read_up_to_at`). */
  unread_count: Generated<number>
  read_up_to_at: number | null
  /** The operator (`op_…`) the conversation is assigned to. */
  assignee_id: string | null
  /** The team the conversation is routed to (migration 0015); null: unrouted, every operator sees it. */
  team_id: string | null
  /** The first inbound message no direct outbound message answered yet. */
  waiting_since: number | null
  /** Set while the conversation is resolved (migration 0016); null: open. */
  resolved_at: number | null
  /** The first inbound message of the current cycle (since it was opened or reopened) that waited for an answer. */
  cycle_started_at: number | null
  /** The cycle's first direct outbound message. */
  first_response_at: number | null
  /** The operator who last had it assigned: sticky assignment offers it to them again. */
  last_handler_id: string | null
  created_at: number
  updated_at: number
}

/** Every provider user id ever seen for a contact, so that old and new ids both find them. */
export interface ContactProviderIdsTable {
  provider: string
  provider_user_id: string
  contact_id: string
  created_at: number
}

export interface MessagesTable {
  /** Acceptance order; per-contact send order follows it. */
  seq: Generated<number>
  id: string
  direction: 'outbound' | 'inbound'
  channel: Channel
  contact_id: string
  /** The sender number (our configured sender id) that carries or received it. */
  sender_id: string
  provider: string
  /** The account (provider login) that carried it (migration 0019; older rows: their provider's name). */
  account: string
  kind: string
  /** OutboundContent or InboundContent as JSON. */
  content: string
  /** The text a person sees. */
  preview: string
  /** An SMS's segments, counted before it was sent (migration 0020); null for WhatsApp. */
  segments: number | null
  metadata: string | null
  status: string
  attempts: number
  /** When a queued message may next be claimed. */
  due_at: number | null
  lease_owner: string | null
  lease_until: number | null
  provider_message_id: string | null
  /** Inbound: the provider message id of ours the user replied to. */
  reply_to: string | null
  error_code: string | null
  error_title: string | null
  error_retryable: number | null
  /** Recipient's billing market (ISO country), for the cost engine. */
  market: string | null
  pricing_category: string | null
  pricing_type: string | null
  /** The template a template message used, for usage counts. */
  template_name: string | null
  template_language: string | null
  /** The business event and rule that produced it, for notifications. */
  event_id: string | null
  rule_id: string | null
  category: string | null
  /** After this it is no use sending (e.g. a reminder once the lesson started). */
  expires_at: number | null
  /** JSON: the reply the rule waits for (buttons, text within a time). */
  expect_reply: string | null
  /** While `stale`: the status it was last heard in, and when (cleared when a late word moves it on). */
  last_heard_status: string | null
  last_heard_at: number | null
  /** Outbound: when the provider took it (its 200, or the first status saying it was sent); migration 0022. */
  sent_at: number | null
  /** The estimated cost (at accept; inbound: on receipt) and the final (from the platform's pricing), migration 0023. */
  cost_estimated_platform_micros: number | null
  cost_estimated_provider_micros: number | null
  cost_estimated_currency: string | null
  cost_estimated_category: string | null
  cost_estimated_reason: string | null
  cost_estimated_card: string | null
  cost_final_platform_micros: number | null
  cost_final_provider_micros: number | null
  cost_final_currency: string | null
  cost_final_category: string | null
  cost_final_reason: string | null
  cost_final_card: string | null
  /** The window (open, closed, free_entry_point) the estimate priced. */
  cost_window: string | null
  /** 1 when the final differs from the estimate, 0 when it agrees, null until the final is known. */
  cost_discrepancy: number | null
  created_at: number
  updated_at: number
}

export interface MessageEventsTable {
  id: Generated<number>
  message_id: string
  status: string
  /** When it happened (the provider's time for webhook events). */
  at: number
  recorded_at: number
  source: 'api' | 'dispatcher' | 'webhook' | 'reconciler'
  /** Which worker did it, for dispatcher events. */
  actor: string | null
  /** Makes a repeated webhook a no-op: unique per message. Null for events that may repeat. */
  dedupe_key: string | null
  error_code: string | null
  error_title: string | null
}

/**
 * Raw provider webhooks, as stored on arrival: a table family of its own (`Database.receipts`), on
 * SQLite in a file of its own, so that storing one never waits for the main file's write lock.
 */
export interface ReceiptsDB {
  webhook_receipts: WebhookReceiptsTable
}

export interface WebhookReceiptsTable {
  id: Generated<number>
  provider: string
  received_at: number
  /** The raw body, the bytes exactly as received (verified before it is stored). */
  body: Buffer
  state: 'pending' | 'processed' | 'failed'
  /** Failed attempts to apply it. */
  attempts: Generated<number>
  processed_at: number | null
  error: string | null
  /** The process applying it now, until when (see leased-queue.ts). */
  lease_owner: string | null
  lease_until: number | null
}

/** A process serving the provider's webhooks (see receiver-heartbeats.ts). */
export interface ReceiverHeartbeatsTable {
  owner: string
  /** When its current unbroken run of heartbeats began. */
  started_at: number
  last_seen_at: number
  /** Until when its last heartbeat vouches for it: later than this with no new one, it is taken for down. */
  expires_at: number
}

export interface ApiKeysTable {
  /** `key_<public id>`: the public id is also the middle of the key (`pk_<public id>_<secret>`). */
  id: string
  name: string
  /** HMAC-SHA-256 of the key, keyed with `salt` (base64url); nothing of the key is stored in clear. */
  key_hash: string
  /** Null only on rows revoked by migration 0010, whose hash was erased. */
  salt: string | null
  /** JSON array of scopes (`core/keys/model.ts`). */
  scopes: string
  source: 'env' | 'generated' | 'created'
  /** The key's own rate limit; null for the deployment's default. */
  rate_per_second: number | null
  rate_burst: number | null
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

export interface IdempotencyKeysTable {
  scope: string
  key: string
  request_hash: string
  /** The ids the original request created, as JSON. */
  result: string
  created_at: number
}

export interface RateBucketsTable {
  key: string
  tokens: number
  updated_at: number
  /** The rate (sends per second) right after the last throttle cut, and when; null if never throttled. */
  cut_rate: number | null
  cut_at: number | null
}

export interface TemplatesTable {
  id: string
  name: string
  language: string
  category: string
  /** TemplateDefinition as JSON. */
  definition: string
  /** Lower-cased name and texts, for search. */
  search_text: string
  status: string
  provider_status: string | null
  provider_template_id: string | null
  /** `own` (the business wrote it) or `provider` (the provider's samples and library). */
  origin: 'own' | 'provider'
  /** JSON array of strings. */
  tags: string
  folder: string | null
  quality: string | null
  rejection_reason: string | null
  /** The latest lint findings, as JSON. */
  lint: string
  created_at: number
  updated_at: number
  status_at: number
}

export interface TemplateEventsTable {
  id: Generated<number>
  template_id: string
  kind: string
  status: string | null
  reason: string | null
  /** JSON: lint hints for a rejection, previous/new category, quality… */
  detail: string | null
  source: string
  at: number
  recorded_at: number
}

export interface SubjectsTable {
  id: string
  external_id: string
  created_at: number
}

export interface SubjectContactsTable {
  subject_id: string
  contact_id: string
  role: 'guardian' | 'billing'
  created_at: number
}

export interface EventsTable {
  id: string
  type: string
  occurred_at: number
  /** The event as received, JSON. */
  body: string
  request_hash: string
  contact_id: string | null
  subject_id: string | null
  received_at: number
}

export interface NotificationDecisionsTable {
  id: Generated<number>
  event_id: string
  rule_id: string
  contact_id: string | null
  outcome: 'queued' | 'scheduled' | 'suppressed' | 'cancelled' | 'error'
  reason: string | null
  /** JSON: route, deferral, costs, errors. */
  detail: string | null
  message_id: string | null
  created_at: number
}

export interface CancelKeysTable {
  key: string
  message_id: string
}

/** When each cancel key was last cancelled (migration 0027): an SMS fallback checks it. */
export interface CancellationsTable {
  key: string
  last_at: number
}

export interface FeedbackTable {
  id: Generated<number>
  event_id: string
  rule_id: string
  message_id: string
  reply_message_id: string
  kind: 'button' | 'text'
  value: string
  at: number
}

export interface WebhookSubscriptionsTable {
  id: string
  url: string
  secret: string
  /** JSON array of topics. */
  topics: string
  created_at: number
  disabled_at: number | null
}

export interface WebhookDeliveriesTable {
  id: Generated<number>
  subscription_id: string
  topic: string
  payload: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: Generated<number>
  next_attempt_at: number
  last_status: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
  /** The process delivering it now, until when (see leased-queue.ts). */
  lease_owner: string | null
  lease_until: number | null
}

/** A person who uses the inbox (see core/operators). */
export interface OperatorsTable {
  /** `op_…`. */
  id: string
  /** Lower-cased; unique. */
  email: string
  name: string
  role: 'admin' | 'operator' | 'viewer'
  /** `scrypt$N$r$p$salt$hash` (see store/operator-passwords.ts). */
  password_hash: string
  created_at: number
  disabled_at: number | null
  /** 1: sees the conversations of every team, not only their own (migration 0015). */
  sees_all_teams: Generated<number>
}

/** A team of operators and the response targets it promises, in minutes (null: none of its own). */
export interface TeamsTable {
  /** `team_…`. */
  id: string
  name: string
  first_response_sla_minutes: number | null
  resolution_sla_minutes: number | null
  created_at: number
}

export interface TeamMembersTable {
  team_id: string
  operator_id: string
}

/** A login session. */
export interface OperatorSessionsTable {
  /** SHA-256 of the session token (base64url): the token itself is only in the browser's cookie. */
  id: string
  operator_id: string
  created_at: number
  /** Renewed at most once a minute while the session is used; it expires a TTL after this. */
  last_seen_at: number
  expires_at: number
  revoked_at: number | null
}

/** Who did what, newest last. */
export interface AuditLogTable {
  id: Generated<number>
  at: number
  actor_kind: 'operator' | 'key'
  actor_id: string
  action: string
  target_kind: string | null
  target_id: string | null
  /** JSON object. */
  details: string
}

export type MessageRow = Selectable<MessagesTable>
export type NewMessageRow = Insertable<MessagesTable>
export type ContactRow = Selectable<ContactsTable>
export type MessageEventRow = Selectable<MessageEventsTable>
