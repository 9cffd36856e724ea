import { costsDiffer, type CostBasis } from '../core/costs/message-cost.js'
import { smsCost } from '../core/costs/price-sms.js'
import type { InboundContent } from '../core/messages/content.js'
import type { StatusEvent } from '../core/messages/reports.js'
import type { SenderRef } from '../core/messages/sender.js'
import { countSmsSegments } from '../core/messages/sms-segments.js'
import { costColumns, costFromRow, COST_COLUMNS } from './message-costs.js'
import { chunk, type Trx } from './transaction.js'

/**
 * The final cost of priced SMS (issue 12): no platform `pricing` ever comes, so the first word of
 * how one went settles it — `sent` or `delivered` at its price per segment, `failed` at the failed
 * fee. Later statuses leave it: a message handed to the carrier is billed however it ends.
 */
export async function recordSmsFinalCosts(trx: Trx, basis: CostBasis, events: ReadonlyArray<StatusEvent & { messageId: string }>): Promise<void> {
  const settling = events.filter((e) => e.status === 'sent' || e.status === 'delivered' || e.status === 'failed')
  for (const part of chunk(settling, 200)) {
    const rows = await trx
      .selectFrom('messages')
      .select(['id', 'provider', 'account', 'segments', ...COST_COLUMNS])
      .where('id', 'in', [...new Set(part.map((e) => e.messageId))])
      .where('channel', '=', 'sms')
      .where('cost_estimated_currency', 'is not', null)
      .where('cost_final_currency', 'is', null)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const e of part) {
      const row = byId.get(e.messageId)
      const estimate = row && costFromRow(row, 'estimated')
      if (!row || !estimate || row.segments === null) continue
      const final = smsCost(basis.feeModel(row), Number(row.segments), e.status === 'failed' ? 'failed' : 'sent')
      if (!final) continue
      await trx.updateTable('messages').set({ ...costColumns('final', final), cost_discrepancy: costsDiffer(estimate, final) ? 1 : 0 }).where('id', '=', row.id).execute()
      byId.delete(row.id)
    }
  }
}

/** What a received SMS costs: its segments at the provider's inbound price; null when its fee model prices no SMS. */
export function inboundSmsCost(costs: CostBasis, sender: SenderRef, content: InboundContent) {
  return content.kind === 'text' ? smsCost(costs.feeModel(sender), countSmsSegments(content.text).segments, 'inbound') : null
}
