import { sql } from 'kysely'
import type { ApplyResult } from '../core/messages/ports.js'
import { predecessorsOf, staleExitsTo, type ReportedStatus } from '../core/messages/status.js'
import type { StatusEvent } from '../core/providers/provider.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import type { CostBasis } from '../core/costs/message-cost.js'
import { FINAL_COST_ASSIGNMENTS, FINAL_COST_COLUMNS, finalCostValues, settleFinalCosts, writeFinalCosts, type FinalCost } from './message-costs.js'
import { recordSmsFinalCosts } from './sms-costs.js'
import { event, statusChanged } from './message-history.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import { chunk, type Trx } from './transaction.js'

/**
 * Applies provider status events. Each (message, status) is recorded once in the history (a repeated
 * webhook is a no-op); the message's status moves only forward (see `canTransition`), so out-of-order
 * events land in the history without moving the status back.
 */
export async function applyStatuses(database: Database, changes: ChangeRecorder, events: StatusEvent[], now: Instant, costs: CostBasis | null = null): Promise<ApplyResult[]> {
  if (events.length === 0) return []
  return transactWithEvents(database, changes, now, async (trx, record) => {
    const resolve = await messageResolver(trx, events)
    const resolved = events.map((e) => ({ e, messageId: resolve(e) }))
    const recorded = new Set<string>()
    for (const part of chunk(resolved.filter((r) => r.messageId !== undefined), 200)) {
      const rows = await trx
        .insertInto('message_events')
        .values(part.map(({ e, messageId }) => event(messageId!, e.status, e.at, now, 'webhook', e.error, `webhook:${e.status}`)))
        .onConflict((oc) => oc.columns(['message_id', 'dedupe_key']).doNothing())
        .returning(['message_id', 'dedupe_key'])
        .execute()
      for (const row of rows) recorded.add(`${row.message_id} ${row.dedupe_key}`)
    }
    const applied: Array<StatusEvent & { messageId: string }> = []
    const results = resolved.map(({ e, messageId }): ApplyResult => {
      if (messageId === undefined) return 'unmatched'
      // Only the event that wrote the history entry moves the status: repeats, even within one batch, are duplicates.
      if (!recorded.delete(`${messageId} webhook:${e.status}`)) return 'duplicate'
      applied.push({ ...e, messageId })
      return 'applied'
    })
    // The final costs these statuses settle go into the same row writes as the moves.
    const settled = costs ? await settleFinalCosts(trx, costs, applied, now, changes.spend) : { finals: new Map<string, FinalCost>(), alerts: [] }
    const unwritten = new Map(settled.finals)
    for (const [status, moves] of furthestMoves(applied)) {
      for (const part of chunk(moves, 200)) {
        await moveStatuses(trx, status, part, now, settled.finals)
        for (const e of part) unwritten.delete(e.messageId)
      }
    }
    for (const failed of applied.filter((e) => e.status === 'failed')) await moveStatus(trx, failed.messageId, failed, now)
    await writeFinalCosts(trx, unwritten)
    record(settled.alerts)
    if (costs) record(await recordSmsFinalCosts(trx, costs, applied, now, changes.spend))
    record(applied.map((e) => statusChanged(e.messageId, e.providerMessageId, e.status, 'webhook', e.error ?? null, e.at)))
    return results
  })
}

const FORWARD = ['sent', 'delivered', 'read'] as const
type Forward = (typeof FORWARD)[number]

/**
 * Each message's `sent`, `delivered` and `read` of one batch as one move, to the furthest of them:
 * the row is written once instead of once per status. Statuses only move forward, so applying them
 * one after another in rank order ends at the same place; the pricing is the last one given in that
 * order, as those updates would have left it, and the provider id the same in each.
 */
function furthestMoves(applied: Array<StatusEvent & { messageId: string }>): Map<Forward, Array<StatusEvent & { messageId: string }>> {
  const furthest = new Map<string, StatusEvent & { messageId: string }>()
  for (const status of FORWARD) {
    for (const e of applied) {
      if (e.status !== status) continue
      const before = furthest.get(e.messageId)
      furthest.set(e.messageId, before && !e.pricing ? { ...e, pricing: before.pricing } : e)
    }
  }
  const byStatus = new Map<Forward, Array<StatusEvent & { messageId: string }>>(FORWARD.map((status) => [status, []]))
  for (const e of furthest.values()) byStatus.get(e.status as Forward)!.push(e)
  return byStatus
}

/**
 * Whether the row moves to `to`: from a status before it, or from `stale` when what was last heard
 * of the message stands before it (a late webhook still moves a stale message on).
 */
function movesTo(to: ReportedStatus) {
  const exits = staleExitsTo(to)
  return sql<boolean>`(messages.status in (${sql.join(predecessorsOf(to))}) or (messages.status = 'stale' and messages.last_heard_status in (${sql.join(exits)})))`
}

/** Moves many messages to one status in one statement, each with its own provider id, pricing and final cost (if settled). */
async function moveStatuses(
  trx: Trx,
  status: 'sent' | 'delivered' | 'read',
  events: Array<StatusEvent & { messageId: string }>,
  now: Instant,
  finals: ReadonlyMap<string, FinalCost>,
): Promise<void> {
  const moves = movesTo(status)
  const values = sql.join(
    events.map((e) => sql`(${e.messageId}, ${e.providerMessageId}, cast(${e.pricing?.category ?? null} as text), cast(${e.pricing?.type ?? null} as text), ${finalCostValues(finals.get(e.messageId))})`),
  )
  await sql`
    with v(id, provider_message_id, pricing_category, pricing_type, ${FINAL_COST_COLUMNS}) as (values ${values})
    update messages set
      ${FINAL_COST_ASSIGNMENTS},
      status = case when ${moves} then ${status} else messages.status end,
      lease_owner = case when ${moves} then null else messages.lease_owner end,
      lease_until = case when ${moves} then null else messages.lease_until end,
      due_at = case when ${moves} then null else messages.due_at end,
      last_heard_status = case when ${moves} then null else messages.last_heard_status end,
      last_heard_at = case when ${moves} then null else messages.last_heard_at end,
      provider_message_id = coalesce(messages.provider_message_id, v.provider_message_id),
      pricing_category = coalesce(v.pricing_category, messages.pricing_category),
      pricing_type = coalesce(v.pricing_type, messages.pricing_type),
      -- The provider has it: when its 200 was lost (in doubt), this is the first word of it.
      sent_at = coalesce(messages.sent_at, ${now}),
      updated_at = ${now}
    from v
    where messages.id = v.id`.execute(trx)
}

/** Finds our message for each event: by the id we sent along (works even if the send's answer was lost), else by the provider's id. */
async function messageResolver(trx: Trx, events: StatusEvent[]): Promise<(e: StatusEvent) => string | undefined> {
  const ourIds = [...new Set(events.flatMap((e) => (e.messageId ? [e.messageId] : [])))]
  const providerIds = [...new Set(events.map((e) => e.providerMessageId))]
  const known = new Set<string>()
  const byProviderId = new Map<string, string>()
  if (ourIds.length > 0) {
    for (const row of await trx.selectFrom('messages').select('id').where('id', 'in', ourIds).execute()) known.add(row.id)
  }
  for (const row of await trx
    .selectFrom('messages')
    .select(['id', 'provider_message_id'])
    .where('provider_message_id', 'in', providerIds)
    .execute()) {
    byProviderId.set(row.provider_message_id!, row.id)
  }
  return (e) => (e.messageId && known.has(e.messageId) ? e.messageId : byProviderId.get(e.providerMessageId))
}

async function moveStatus(trx: Trx, messageId: string, e: StatusEvent, now: Instant): Promise<void> {
  const moves = movesTo(e.status)
  const failing = e.status === 'failed' && e.error
  await trx
    .updateTable('messages')
    .set({
      // Every CASE reads the row as it was before this statement, so they agree on `moves`.
      status: sql`case when ${moves} then ${e.status} else status end`,
      // Leaving `stale` forgets what was last heard (the history keeps it).
      last_heard_status: sql`case when ${moves} then null else last_heard_status end`,
      last_heard_at: sql`case when ${moves} then null else last_heard_at end`,
      lease_owner: sql`case when ${moves} then null else lease_owner end`,
      lease_until: sql`case when ${moves} then null else lease_until end`,
      due_at: sql`case when ${moves} then null else due_at end`,
      ...(failing
        ? {
            error_code: sql`case when ${moves} then ${e.error!.code} else error_code end`,
            error_title: sql`case when ${moves} then ${e.error!.title} else error_title end`,
            error_retryable: sql`case when ${moves} then ${e.error!.retryable ? 1 : 0} else error_retryable end`,
          }
        : {}),
      provider_message_id: sql`coalesce(provider_message_id, ${e.providerMessageId})`,
      pricing_category: sql`coalesce(${e.pricing?.category ?? null}, pricing_category)`,
      pricing_type: sql`coalesce(${e.pricing?.type ?? null}, pricing_type)`,
      updated_at: now,
    })
    .where('id', '=', messageId)
    .execute()
}
