import type { MessagesTable } from '../../src/store/schema.js'

/**
 * A school's message history, generated as rows of the `messages` table, for the benchmarks that
 * read reports over it (bench/dashboard.ts, bench/costs.ts). Per parent, a pattern of ten: six
 * rule notifications (templates), then the parent writes, an operator answers minutes later, the
 * parent writes again and is answered an hour later. Parents are spread over several sender
 * numbers and recipient markets; every message is priced as Parley prices it (migration 0023):
 * the estimate at accept or receipt, the final once its status settles it, with the discrepancies,
 * failures and free allowance a live system shows.
 */

export const MESSAGES_PER_CONTACT = 100
/** Changes whenever the rows generated change, so that a kept seeded file of an older history is not reused. */
export const HISTORY_VERSION = 2
const DAY = 86_400_000
/** From this day service messages are metered with a monthly free allowance (docs/platform.md §6.1). */
const METERED_FROM = Date.UTC(2026, 9, 1)
const FREE_SERVICE_PER_MONTH = 1000
/** A provider's fee per message, as a provider at $0.001 per outbound message and half that inbound charges. */
const PROVIDER_OUTBOUND_MICROS = 1000
const PROVIDER_INBOUND_MICROS = 500

export const TEMPLATES = [
  { name: 'lesson_reminder', category: 'utility' },
  { name: 'payment_due', category: 'utility' },
  { name: 'homework_ready', category: 'utility' },
  { name: 'schedule_change', category: 'utility' },
  { name: 'open_day_invite', category: 'marketing' },
  { name: 'login_code', category: 'authentication' },
] as const
export const SENDERS = ['default', 'admissions', 'accounts'] as const
/** Recipient markets with their phone prefix and the October 2026 card's rates in USD micros (src/core/costs/cards/meta-pmp-2026-10.yaml). */
const MARKETS = [
  { market: 'BR', prefix: '+5511', marketing: 62_500, utility: 6_800, authentication: 6_800, service: 6_800 },
  { market: 'IN', prefix: '+9198', marketing: 11_800, utility: 1_400, authentication: 1_400, service: 1_400 },
  { market: 'TR', prefix: '+9053', marketing: 10_900, utility: 900, authentication: 900, service: 900 },
  { market: 'US', prefix: '+1415', marketing: 25_000, utility: 3_400, authentication: 3_400, service: 3_400 },
  { market: 'DE', prefix: '+4915', marketing: 136_500, utility: 55_000, authentication: 55_000, service: 55_000 },
  { market: 'GB', prefix: '+4477', marketing: 52_900, utility: 22_000, authentication: 22_000, service: 22_000 },
] as const
const STATUSES = ['read', 'read', 'read', 'read', 'read', 'delivered', 'delivered', 'delivered', 'sent', 'failed']
export const EVENT_TYPES = ['lesson.reminder', 'invoice.due', 'homework.published']
/** One business event notifies this many messages (a class's parents), so events stay fewer than messages. */
const PER_EVENT = 20

export interface HistoryShape {
  contacts: number
  historyDays: number
  /** The end of the history; its messages lie in the `historyDays` before it. */
  now: number
}

type Category = 'marketing' | 'utility' | 'authentication' | 'service'
type Reason = 'charged' | 'inbound' | 'failed' | 'free_entry_point' | 'free_in_window' | 'free_allowance'
type Priced = { platform: number; provider: number; category: Category; reason: Reason }
export type MessageRow = Omit<MessagesTable, 'seq'>

export const marketOf = (contact: number) => MARKETS[Math.floor(contact / SENDERS.length) % MARKETS.length]!
export const senderOf = (contact: number) => SENDERS[contact % SENDERS.length]!
export const phoneOf = (contact: number) => `${marketOf(contact).prefix}${String(contact).padStart(8, '0')}`
export const eventsOf = (shape: HistoryShape) => Math.ceil((shape.contacts * 6 * (MESSAGES_PER_CONTACT / 10)) / PER_EVENT)
export const startOf = (shape: HistoryShape) => shape.now - shape.historyDays * DAY

/**
 * The generator of one history's rows. Called in the order rows are written (time order, as a
 * live system writes them), because the free allowance goes to each sender's first service
 * messages of a month.
 */
export function createHistory(shape: HistoryShape): (contact: number, k: number) => MessageRow {
  const start = startOf(shape)
  const step = (shape.historyDays * DAY) / MESSAGES_PER_CONTACT
  const allowanceUsed = new Map<string, number>()
  const cardOf = (at: number) => (at >= METERED_FROM ? 'meta-pmp-2026-10' : 'meta-pmp-2025-07')

  /** A free-form reply in the window: free before metering, then free for the month's first thousand per number. */
  const service = (contact: number, at: number, entryPoint: boolean): Priced => {
    const rate = marketOf(contact).service
    if (entryPoint) return { platform: 0, provider: PROVIDER_OUTBOUND_MICROS, category: 'service', reason: 'free_entry_point' }
    if (at < METERED_FROM) return { platform: 0, provider: PROVIDER_OUTBOUND_MICROS, category: 'service', reason: 'free_in_window' }
    const month = `${senderOf(contact)}:${new Date(at).toISOString().slice(0, 7)}`
    const used = allowanceUsed.get(month) ?? 0
    if (used >= FREE_SERVICE_PER_MONTH) return { platform: rate, provider: PROVIDER_OUTBOUND_MICROS, category: 'service', reason: 'charged' }
    allowanceUsed.set(month, used + 1)
    return { platform: 0, provider: PROVIDER_OUTBOUND_MICROS, category: 'service', reason: 'free_allowance' }
  }

  const template = (contact: number, category: Category, window: 'open' | 'closed', at: number): Priced => {
    const freeInWindow = window === 'open' && category === 'utility' && at < METERED_FROM
    return freeInWindow
      ? { platform: 0, provider: PROVIDER_OUTBOUND_MICROS, category, reason: 'free_in_window' }
      : { platform: marketOf(contact)[category], provider: PROVIDER_OUTBOUND_MICROS, category, reason: 'charged' }
  }

  return (contact, k) => {
    const slot = k % 10
    // An answer is timed from the parent's message just before it, not from a step of its own.
    // Each parent's messages are shifted by a share of a step, so that every range holds its share of the history.
    const base = start + Math.floor((slot === 7 || slot === 9 ? k - 1 : k) * step + (contact / shape.contacts) * step)
    if (slot < 6) {
      const n = contact * 6 + Math.floor(k / 10) * 6 * shape.contacts + slot
      const status = STATUSES[(contact + k) % STATUSES.length]!
      // Shifted each round of ten, so that every template meets every status (both keyed on the slot, they would pair up).
      const chosen = TEMPLATES[(contact + slot + Math.floor(k / 10)) % TEMPLATES.length]!
      // Now and then a parent wrote shortly before: the template goes out in the window.
      const window = (contact + k) % 7 === 0 ? 'open' : 'closed'
      const estimate = template(contact, chosen.category, window, base)
      // The platform bills some utility templates as marketing (its category wins: templates get re-categorised, docs/platform.md §3.5).
      const billedAs: Category = chosen.category === 'utility' && (contact + k) % 23 === 0 ? 'marketing' : chosen.category
      const failed = status === 'failed'
      const final = failed ? { platform: 0, provider: 0, category: estimate.category, reason: 'failed' as const } : status === 'sent' ? null : template(contact, billedAs, window, base)
      return messageRow(contact, k, {
        direction: 'outbound',
        kind: 'template',
        preview: 'Reminder',
        status,
        templateName: chosen.name,
        billedAs: final && !failed ? billedAs : null,
        pricingType: final && !failed ? 'regular' : null,
        eventId: `ev_${Math.floor(n / PER_EVENT)}`,
        failed,
        createdAt: base,
        estimate,
        final,
        window,
        card: cardOf(base),
      })
    }
    const inbound = slot === 6 || slot === 8
    const delay = slot === 7 ? 5 * 60_000 + (contact % 7) * 60_000 : slot === 9 ? 3_600_000 : 0
    const created = base + delay
    const entryPoint = slot === 7 && contact % 50 === 0
    const priced: Priced = inbound ? { platform: 0, provider: PROVIDER_INBOUND_MICROS, category: 'service', reason: 'inbound' } : service(contact, created, entryPoint)
    return messageRow(contact, k, {
      direction: inbound ? 'inbound' : 'outbound',
      kind: 'text',
      preview: inbound ? 'question' : 'answer',
      status: inbound ? 'received' : 'read',
      templateName: null,
      billedAs: inbound ? null : 'service',
      pricingType: inbound ? null : priced.platform === 0 ? 'free_customer_service' : 'regular',
      eventId: null,
      failed: false,
      createdAt: created,
      estimate: priced,
      final: priced,
      window: entryPoint ? 'free_entry_point' : 'open',
      card: cardOf(created),
    })
  }
}

interface Varying {
  direction: 'inbound' | 'outbound'
  kind: string
  preview: string
  status: string
  templateName: string | null
  billedAs: Category | null
  pricingType: string | null
  eventId: string | null
  failed: boolean
  createdAt: number
  estimate: Priced
  /** Null until a status settles it. */
  final: Priced | null
  window: string
  card: string
}

/**
 * One literal with every column: spreading shared parts into each row cost over 100 µs a row
 * under the TypeScript loader, which made seeding a million rows take minutes.
 */
function messageRow(contact: number, k: number, v: Varying): MessageRow {
  const { estimate, final } = v
  const outbound = v.direction === 'outbound'
  const differs = final !== null && (final.platform !== estimate.platform || final.provider !== estimate.provider || final.category !== estimate.category)
  return {
    id: `m_${contact}_${k}`,
    direction: v.direction,
    channel: 'whatsapp',
    contact_id: `ct_${contact}`,
    sender_id: senderOf(contact),
    provider: 'meta',
    account: 'meta',
    kind: v.kind,
    content: '{}',
    preview: v.preview,
    segments: null,
    metadata: null,
    status: v.status,
    attempts: outbound ? 1 : 0,
    due_at: null,
    lease_owner: null,
    lease_until: null,
    provider_message_id: null,
    reply_to: null,
    error_code: v.failed ? '131026' : null,
    error_title: v.failed ? 'Message undeliverable' : null,
    error_retryable: v.failed ? 0 : null,
    market: marketOf(contact).market,
    pricing_category: v.billedAs,
    pricing_type: v.pricingType,
    template_name: v.templateName,
    template_language: v.templateName ? 'en' : null,
    event_id: v.eventId,
    rule_id: v.eventId ? 'rule_a' : null,
    category: null,
    expires_at: null,
    expect_reply: null,
    last_heard_status: null,
    last_heard_at: null,
    sent_at: outbound && !v.failed ? v.createdAt + 400 : null,
    cost_estimated_platform_micros: estimate.platform,
    cost_estimated_provider_micros: estimate.provider,
    cost_estimated_currency: 'USD',
    cost_estimated_category: estimate.category,
    cost_estimated_reason: estimate.reason,
    cost_estimated_card: v.card,
    cost_final_platform_micros: final?.platform ?? null,
    cost_final_provider_micros: final?.provider ?? null,
    cost_final_currency: final ? 'USD' : null,
    cost_final_category: final?.category ?? null,
    cost_final_reason: final?.reason ?? null,
    cost_final_card: final ? v.card : null,
    cost_window: v.window,
    cost_discrepancy: final === null ? null : differs ? 1 : 0,
    created_at: v.createdAt,
    updated_at: outbound ? v.createdAt + 60_000 : v.createdAt,
  }
}
