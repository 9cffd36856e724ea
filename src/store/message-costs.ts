import { sql } from 'kysely'
import { costsDiffer, finalMessageCost, priceableAt, type CostBasis, type CostSubject, type MessageCost } from '../core/costs/message-cost.js'
import type { WindowState } from '../core/costs/message-fact.js'
import type { PlatformReason } from '../core/costs/price-platform.js'
import type { RateCategory } from '../core/costs/rate-card.js'
import type { CostDiscrepancy, Page } from '../core/messages/ports.js'
import type { StatusEvent } from '../core/messages/reports.js'
import { decodeCursor, encodeCursor } from '../core/shared/page-cursor.js'
import type { Database } from './dialect.js'
import type { MessagesTable } from './schema.js'
import { chunk, type Trx } from './transaction.js'
import { accrueSpend, CATEGORY_SPEND, spendOf, type SpendAccounting, type SpendChange } from './cost-spend.js'
import type { CostBudgetThreshold } from '../core/events/domain-event.js'
import type { Instant } from '../core/shared/time.js'

type Stage = 'estimated' | 'final'
type CostRow = { [K in keyof MessagesTable as K extends `cost_${string}` ? K : never]: MessagesTable[K] }

/** The columns of one stage of a message's cost (migration 0023); all null for an unpriced message. */
export function costColumns(stage: Stage, cost: MessageCost | null | undefined): Partial<CostRow> {
  return {
    [`cost_${stage}_platform_micros`]: cost?.platformMicros ?? null,
    [`cost_${stage}_provider_micros`]: cost?.providerMicros ?? null,
    [`cost_${stage}_currency`]: cost?.currency ?? null,
    [`cost_${stage}_category`]: cost?.category ?? null,
    [`cost_${stage}_reason`]: cost?.reason ?? null,
    [`cost_${stage}_card`]: cost?.cardId ?? null,
  }
}

/** One stage of a message's cost read back; null when it was not priced (or not yet, for the final). */
export function costFromRow(row: Partial<CostRow>, stage: Stage): MessageCost | null {
  const platform = row[`cost_${stage}_platform_micros`]
  const currency = row[`cost_${stage}_currency`]
  if (platform === null || platform === undefined || !currency) return null
  return {
    platformMicros: Number(platform),
    providerMicros: Number(row[`cost_${stage}_provider_micros`] ?? 0),
    currency,
    category: row[`cost_${stage}_category`] as RateCategory,
    reason: row[`cost_${stage}_reason`] as PlatformReason,
    window: (row.cost_window ?? 'closed') as WindowState,
    cardId: row[`cost_${stage}_card`] ?? null,
  }
}

/** The cost columns every read of a message's cost selects. */
export const COST_COLUMNS = [
  'messages.cost_estimated_platform_micros',
  'messages.cost_estimated_provider_micros',
  'messages.cost_estimated_currency',
  'messages.cost_estimated_category',
  'messages.cost_estimated_reason',
  'messages.cost_estimated_card',
  'messages.cost_final_platform_micros',
  'messages.cost_final_provider_micros',
  'messages.cost_final_currency',
  'messages.cost_final_category',
  'messages.cost_final_reason',
  'messages.cost_final_card',
  'messages.cost_window',
  'messages.cost_discrepancy',
] as const

/**
 * Writes the final cost of the estimated messages these statuses settle: a status carrying the
 * platform's `pricing`, or a failure (which carries none). Priced at the status's time; a later
 * status with the same pricing changes nothing and writes nothing. Unpriced (unestimated) messages stay so.
 * The month's spend moves by what the final changes (from the estimate, or from an earlier final),
 * in the month the message was created; the budget alerts that reaches are returned.
 */
export async function recordFinalCosts(
  trx: Trx,
  basis: CostBasis,
  events: ReadonlyArray<StatusEvent & { messageId: string }>,
  now: Instant,
  spend: SpendAccounting = CATEGORY_SPEND,
): Promise<CostBudgetThreshold[]> {
  const settling = events.filter((e) => e.pricing !== undefined || e.status === 'failed')
  const changes: SpendChange[] = []
  for (const part of chunk(settling, 200)) {
    const finals = new Map<string, { cost: MessageCost; discrepancy: boolean }>()
    const rows = await trx
      .selectFrom('messages')
      .select(['id', 'sender_id', 'provider', 'account', 'market', 'created_at', 'cost_final_currency', ...COST_COLUMNS])
      .where('id', 'in', [...new Set(part.map((e) => e.messageId))])
      .where('cost_estimated_currency', 'is not', null)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const e of part) {
      const row = byId.get(e.messageId)
      const estimate = row && costFromRow(row, 'estimated')
      // A failure after a priced status does not undo the charge the platform reported. An SMS is settled by sms-costs.ts.
      if (!row || !estimate || estimate.category === 'sms' || !priceableAt(basis, e.at) || (e.status === 'failed' && row.cost_final_reason !== null && row.cost_final_reason !== 'failed')) continue
      const subject: CostSubject = { direction: 'outbound', at: e.at, senderId: row.sender_id, provider: row.provider, account: row.account, market: row.market, category: estimate.category, window: estimate.window }
      const final = finalMessageCost(subject, e.pricing ? { kind: 'priced', pricing: e.pricing } : { kind: 'failed' }, basis)
      // sent, delivered and read usually carry the same pricing: only the first writes it.
      if (sameCost(costFromRow(row, 'final'), final)) continue
      const columns = costColumns('final', final)
      // A message settled twice in one batch keeps the later cost.
      finals.set(row.id, { cost: final, discrepancy: costsDiffer(estimate, final) })
      const before = costFromRow(row, 'final') ?? estimate
      changes.push(spendOf(row.created_at, row.sender_id, before, -1), spendOf(row.created_at, row.sender_id, final))
      Object.assign(row, columns)
    }
    await writeFinalCosts(trx, finals)
  }
  return accrueSpend(trx, spend, changes, now)
}

/** The final costs of many messages in one statement, not one statement per priced status. */
async function writeFinalCosts(trx: Trx, finals: Map<string, { cost: MessageCost; discrepancy: boolean }>): Promise<void> {
  if (finals.size === 0) return
  const values = sql.join(
    [...finals].map(
      ([id, { cost, discrepancy }]) =>
        sql`(${id}, cast(${cost.platformMicros} as bigint), cast(${cost.providerMicros} as bigint), ${cost.currency}, ${cost.category}, ${cost.reason}, ${cost.cardId}, cast(${discrepancy ? 1 : 0} as integer))`,
    ),
  )
  await sql`
    with v(id, platform_micros, provider_micros, currency, category, reason, card, discrepancy) as (values ${values})
    update messages set
      cost_final_platform_micros = v.platform_micros,
      cost_final_provider_micros = v.provider_micros,
      cost_final_currency = v.currency,
      cost_final_category = v.category,
      cost_final_reason = v.reason,
      cost_final_card = v.card,
      cost_discrepancy = v.discrepancy
    from v
    where messages.id = v.id`.execute(trx)
}

/** Whether a stored cost already says what `cost` says, to the card that priced it. */
function sameCost(stored: MessageCost | null, cost: MessageCost): boolean {
  return stored !== null && !costsDiffer(stored, cost) && stored.category === cost.category && stored.reason === cost.reason && stored.cardId === cost.cardId
}

/** Messages whose final cost differs from the estimate, newest first (partial index of migration 0023), and how many there are. */
export async function costDiscrepancies(database: Database, options: { limit: number; cursor?: string }): Promise<Page<CostDiscrepancy> & { total: number }> {
  const before = options.cursor ? decodeCursor(options.cursor) : null
  let query = database.db
    .selectFrom('messages')
    .select(['seq', 'id', 'created_at', ...COST_COLUMNS])
    .where('cost_discrepancy', '=', 1)
    .orderBy('seq', 'desc')
    .limit(options.limit + 1)
  if (before !== null) query = query.where('seq', '<', before)
  const rows = await query.execute()
  const total = await database.db.selectFrom('messages').select(sql<number>`count(*)`.as('n')).where('cost_discrepancy', '=', 1).executeTakeFirstOrThrow()
  const items = rows.slice(0, options.limit).map((r) => ({ messageId: r.id, createdAt: r.created_at, estimated: costFromRow(r, 'estimated')!, final: costFromRow(r, 'final')! }))
  const last = rows.length > options.limit ? rows[options.limit - 1] : undefined
  return { items, nextCursor: last ? encodeCursor(Number(last.seq)) : null, total: Number(total.n) }
}
