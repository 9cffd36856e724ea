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

/** A message's final cost as decided, to be written to its row. */
export type FinalCost = { cost: MessageCost; discrepancy: boolean }

/**
 * Decides the final cost of the estimated messages these statuses settle: a status carrying the
 * platform's `pricing`, or a failure (which carries none). Priced at the status's time; a later
 * status with the same pricing changes nothing. Unpriced (unestimated) messages stay so. The
 * month's spend moves by what the final changes (from the estimate, or from an earlier final), in
 * the month the message was created; the budget alerts that reaches are returned. The costs are
 * returned, not written: the caller writes them with the status move that settles them (one row
 * write, not two), or on their own with `writeFinalCosts`.
 */
export async function settleFinalCosts(
  trx: Trx,
  basis: CostBasis,
  events: ReadonlyArray<StatusEvent & { messageId: string }>,
  now: Instant,
  spend: SpendAccounting = CATEGORY_SPEND,
): Promise<{ finals: Map<string, FinalCost>; alerts: CostBudgetThreshold[] }> {
  const settling = events.filter((e) => e.pricing !== undefined || e.status === 'failed')
  const changes: SpendChange[] = []
  const finals = new Map<string, FinalCost>()
  // Rows as this call has left them: a message settled in an earlier part is not read again.
  const byId = new Map<string, Awaited<ReturnType<typeof readCostRows>>[number]>()
  for (const part of chunk(settling, 200)) {
    const unread = [...new Set(part.map((e) => e.messageId))].filter((id) => !byId.has(id))
    for (const row of unread.length > 0 ? await readCostRows(trx, unread) : []) byId.set(row.id, row)
    for (const e of part) {
      const row = byId.get(e.messageId)
      const estimate = row && costFromRow(row, 'estimated')
      // A failure after a priced status does not undo the charge the platform reported. An SMS is settled by sms-costs.ts.
      if (!row || !estimate || estimate.category === 'sms' || !priceableAt(basis, e.at) || (e.status === 'failed' && row.cost_final_reason !== null && row.cost_final_reason !== 'failed')) continue
      const subject: CostSubject = { direction: 'outbound', at: e.at, senderId: row.sender_id, provider: row.provider, account: row.account, market: row.market, category: estimate.category, window: estimate.window }
      const final = finalMessageCost(subject, e.pricing ? { kind: 'priced', pricing: e.pricing } : { kind: 'failed' }, basis)
      // sent, delivered and read usually carry the same pricing: only the first writes it.
      if (sameCost(costFromRow(row, 'final'), final)) continue
      // A message settled twice in one batch keeps the later cost.
      finals.set(row.id, { cost: final, discrepancy: costsDiffer(estimate, final) })
      const before = costFromRow(row, 'final') ?? estimate
      changes.push(spendOf(row.created_at, row.sender_id, before, -1), spendOf(row.created_at, row.sender_id, final))
      Object.assign(row, costColumns('final', final))
    }
  }
  return { finals, alerts: await accrueSpend(trx, spend, changes, now) }
}

function readCostRows(trx: Trx, ids: string[]) {
  return trx
    .selectFrom('messages')
    .select(['id', 'sender_id', 'provider', 'account', 'market', 'created_at', 'cost_final_currency', ...COST_COLUMNS])
    .where('id', 'in', ids)
    .where('cost_estimated_currency', 'is not', null)
    .execute()
}

/** A final cost as the columns of a `values` row, in `FINAL_COST_COLUMNS` order (nulls: nothing to write). */
export function finalCostValues(final: FinalCost | undefined) {
  const cost = final?.cost
  return sql`cast(${cost?.platformMicros ?? null} as bigint), cast(${cost?.providerMicros ?? null} as bigint), cast(${cost?.currency ?? null} as text), cast(${cost?.category ?? null} as text), cast(${cost?.reason ?? null} as text), cast(${cost?.cardId ?? null} as text), cast(${final ? (final.discrepancy ? 1 : 0) : null} as integer)`
}

/** The names `finalCostValues` gives its columns in a `with v(…)`. */
export const FINAL_COST_COLUMNS = sql`final_platform_micros, final_provider_micros, final_currency, final_category, final_reason, final_card, final_discrepancy`

/** The assignments that write `v`'s final cost where it has one, and leave the row's otherwise. */
export const FINAL_COST_ASSIGNMENTS = sql`
      cost_final_platform_micros = coalesce(v.final_platform_micros, messages.cost_final_platform_micros),
      cost_final_provider_micros = case when v.final_platform_micros is null then messages.cost_final_provider_micros else v.final_provider_micros end,
      cost_final_currency = coalesce(v.final_currency, messages.cost_final_currency),
      cost_final_category = coalesce(v.final_category, messages.cost_final_category),
      cost_final_reason = coalesce(v.final_reason, messages.cost_final_reason),
      cost_final_card = case when v.final_platform_micros is null then messages.cost_final_card else v.final_card end,
      cost_discrepancy = coalesce(v.final_discrepancy, messages.cost_discrepancy)`

/** The final costs of many messages in one statement, not one statement per priced status. */
export async function writeFinalCosts(trx: Trx, finals: ReadonlyMap<string, FinalCost>): Promise<void> {
  if (finals.size === 0) return
  const values = sql.join([...finals].map(([id, final]) => sql`(${id}, ${finalCostValues(final)})`))
  await sql`
    with v(id, ${FINAL_COST_COLUMNS}) as (values ${values})
    update messages set ${FINAL_COST_ASSIGNMENTS}
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
