import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The cost comparison (src/store/cost-traffic.ts) counts a period's messages by day and by what
 * prices them. On SQLite that grouping sorted every row in a temporary B-tree: 4 to 10 s for
 * 1,000,000 messages in 30 days. This index holds the grouping's expressions in its order, so the
 * statement reads it in order and counts as it goes (0.7-0.9 s); its text must stay the
 * statement's, which test/store/cost-traffic.test.ts checks in the query plan. Only WhatsApp
 * messages that went or may go out are in it. The price is an entry moved on each status change
 * and final cost. The second index counts each rule's distinct events without a sort; nothing in
 * it changes after a message is written. PostgreSQL groups by hashing, so it gets neither.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  if (caps.name !== 'sqlite') return
  await sql`create index messages_cost_traffic on messages (
      created_at / 86400000, sender_id, market,
      coalesce(cost_final_category, cost_estimated_category, case when direction = 'inbound' or template_name is null then 'service' else 'utility' end),
      case when cost_final_reason = 'free_entry_point' then 'free_entry_point' else coalesce(cost_window, case when direction = 'inbound' or template_name is null then 'open' else 'closed' end) end,
      direction,
      case when status = 'failed' or cost_final_reason = 'failed' then 'failed' when status in ('delivered', 'read', 'received') then 'delivered' else 'pending' end,
      case when cost_final_reason = 'not_billable' then 1 else 0 end,
      rule_id, created_at)
    where channel = 'whatsapp' and status <> 'cancelled'`.execute(db)
  await sql`create index messages_rule_events on messages (rule_id, event_id, created_at) where rule_id is not null and event_id is not null and channel = 'whatsapp'`.execute(db)
}
