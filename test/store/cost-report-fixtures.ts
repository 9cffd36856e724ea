/*
 * A fixed history for the spend report, 2026-11-30 to 2026-12-04: outbound templates priced by
 * their final (one reclassified as marketing), an estimate still waiting for its final, a
 * free-allowance reply, a failure with its fee, inbound fees, a EUR message and an unpriced SMS.
 * The expected figures in the tests are worked out by hand from these rows.
 */
import type { Database } from '../../src/store/dialect.js'

/** 2026-12-04 12:00 UTC. */
export const NOW = Date.parse('2026-12-04T12:00:00Z')

type Cost = [platform: number, provider: number, currency: string, category: string, reason: string]
interface Row {
  n: number
  contact: 'a' | 'b' | 'c' | 'd' | 'e'
  dir: 'in' | 'out'
  at: string
  status: string
  market: string | null
  template?: string
  rule?: string
  event?: [id: string, type: string]
  sender?: [sender: string, provider: string, account: string]
  channel?: 'sms'
  estimated?: Cost
  final?: Cost
}

const INBOUND: Cost = [0, 500, 'USD', 'service', 'inbound']
const UTILITY: Cost = [6_800, 1_000, 'USD', 'utility', 'charged']

export const ROWS: Row[] = [
  // 04:30 on 1 December in Kolkata: outside a UTC 1–4 December, inside Kolkata's.
  { n: 10, contact: 'a', dir: 'out', at: '2026-11-30T23:00:00Z', status: 'delivered', market: 'BR', template: 'lesson_reminder', rule: 'r_remind', event: ['ev5', 'lesson.reminder'], estimated: UTILITY, final: UTILITY },
  { n: 1, contact: 'a', dir: 'out', at: '2026-12-01T10:00:00Z', status: 'read', market: 'BR', template: 'lesson_reminder', rule: 'r_remind', event: ['ev1', 'lesson.reminder'], estimated: UTILITY, final: UTILITY },
  { n: 2, contact: 'a', dir: 'in', at: '2026-12-01T12:00:00Z', status: 'received', market: 'BR', estimated: INBOUND }, // replies to 1 and 10
  // Billed as marketing; 05:00 on 2 December in Kolkata.
  { n: 3, contact: 'b', dir: 'out', at: '2026-12-01T23:30:00Z', status: 'delivered', market: 'BR', template: 'payment_due', rule: 'r_invoice', event: ['ev2', 'invoice.due'], estimated: UTILITY, final: [62_500, 1_000, 'USD', 'marketing', 'charged'] },
  { n: 4, contact: 'b', dir: 'out', at: '2026-12-02T08:00:00Z', status: 'delivered', market: 'BR', estimated: [0, 1_000, 'USD', 'service', 'free_allowance'] }, // no final yet
  { n: 5, contact: 'c', dir: 'out', at: '2026-12-02T09:00:00Z', status: 'failed', market: 'IN', template: 'payment_due', rule: 'r_invoice', event: ['ev3', 'invoice.due'], estimated: [1_100, 1_000, 'USD', 'utility', 'charged'], final: [0, 200, 'USD', 'utility', 'failed'] },
  { n: 6, contact: 'c', dir: 'in', at: '2026-12-02T10:00:00Z', status: 'received', market: 'IN', estimated: INBOUND }, // replies to 5
  { n: 7, contact: 'a', dir: 'out', at: '2026-12-03T02:30:00Z', status: 'read', market: 'BR', template: 'lesson_reminder', rule: 'r_remind', event: ['ev4', 'lesson.reminder'], estimated: UTILITY, final: UTILITY },
  { n: 8, contact: 'd', dir: 'out', at: '2026-12-03T15:00:00Z', status: 'sent', market: 'DE', template: 'promo', sender: ['second', 'gupshup', 'gs_main'], estimated: [110_000, 0, 'EUR', 'marketing', 'charged'] },
  { n: 9, contact: 'e', dir: 'out', at: '2026-12-03T16:00:00Z', status: 'delivered', market: 'US', channel: 'sms', sender: ['sms', 'twilio', 'tw'] },
  { n: 11, contact: 'b', dir: 'in', at: '2026-12-04T09:00:00Z', status: 'received', market: 'BR', estimated: INBOUND }, // 3 days after 4: no reply
]

const stage = (name: 'estimated' | 'final', cost: Cost | undefined) => ({
  [`cost_${name}_platform_micros`]: cost?.[0] ?? null,
  [`cost_${name}_provider_micros`]: cost?.[1] ?? null,
  [`cost_${name}_currency`]: cost?.[2] ?? null,
  [`cost_${name}_category`]: cost?.[3] ?? null,
  [`cost_${name}_reason`]: cost?.[4] ?? null,
  [`cost_${name}_card`]: cost ? 'meta-test' : null,
})

/** Writes the history straight into the tables (the report reads only what is stored). */
export async function seedCostReport(database: Database): Promise<void> {
  const { db } = database
  const t = Date.parse('2026-11-01T00:00:00Z')
  await db
    .insertInto('contacts')
    .values(['a', 'b', 'c', 'd', 'e'].map((c, i) => ({ id: `ct_${c}`, phone: `+551198765000${i}`, created_at: t, updated_at: t })))
    .execute()
  for (const r of ROWS) {
    const at = Date.parse(r.at)
    if (r.event) await db.insertInto('events').values({ id: r.event[0], type: r.event[1], occurred_at: at, body: '{}', request_hash: r.event[0], contact_id: null, subject_id: null, received_at: at }).execute()
    const [sender, provider, account] = r.sender ?? ['default', 'meta', 'meta']
    await db
      .insertInto('messages')
      .values({
        id: `msg_${r.n}`,
        direction: r.dir === 'in' ? 'inbound' : 'outbound',
        channel: r.channel ?? 'whatsapp',
        contact_id: `ct_${r.contact}`,
        sender_id: sender,
        provider,
        account,
        kind: r.template ? 'template' : 'text',
        content: '{}',
        preview: '',
        status: r.status,
        attempts: 1,
        market: r.market,
        template_name: r.template ?? null,
        rule_id: r.rule ?? null,
        event_id: r.event?.[0] ?? null,
        ...stage('estimated', r.estimated),
        ...stage('final', r.final),
        created_at: at,
        updated_at: at,
      } as never)
      .execute()
  }
}
