import type { Kysely } from 'kysely'
import type { MessageFact } from '../../src/core/costs/message-fact.js'
import type { DB } from '../../src/store/schema.js'

/** What produced a fact: a rule and its event, or nothing (a direct send or a reply). */
export type Origin = (fact: MessageFact) => { rule: string; event: string } | null

/**
 * Stores facts as the messages Parley would have written: the estimate's category and window in
 * the cost columns, the market at accept, a template name for a template, the status of the outcome.
 */
export async function insertTraffic(db: Kysely<DB>, facts: readonly MessageFact[], origin: Origin = () => null): Promise<void> {
  await db.insertInto('contacts').values({ id: 'ct_parent', phone: '+5511987650001', created_at: 0, updated_at: 0 }).onConflict((c) => c.doNothing()).execute()
  const rows = facts.map((f) => {
    const from = origin(f)
    const status = f.direction === 'inbound' ? 'received' : f.outcome === 'failed' ? 'failed' : f.outcome === 'pending' ? 'sent' : 'delivered'
    return {
      id: f.id,
      direction: f.direction,
      channel: 'whatsapp' as const,
      contact_id: 'ct_parent',
      sender_id: f.number,
      provider: 'meta',
      account: 'meta',
      kind: f.category === 'service' ? 'text' : 'template',
      content: '{}',
      preview: '',
      status,
      attempts: 1,
      market: f.market,
      template_name: f.category === 'service' ? null : 'lesson',
      event_id: from?.event ?? null,
      rule_id: from?.rule ?? null,
      cost_estimated_platform_micros: 0,
      cost_estimated_provider_micros: 0,
      cost_estimated_currency: 'USD',
      cost_estimated_category: f.category,
      cost_estimated_reason: 'charged',
      cost_window: f.window,
      created_at: f.at,
      updated_at: f.at,
    }
  })
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('messages').values(rows.slice(i, i + 500)).execute()
}
