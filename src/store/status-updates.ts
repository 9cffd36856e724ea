import { sql } from 'kysely'
import type { ApplyResult } from '../core/messages/ports.js'
import { predecessorsOf } from '../core/messages/status.js'
import type { StatusEvent } from '../core/providers/provider.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import { event } from './outbox.js'
import { inTransaction, type Trx } from './transaction.js'

/**
 * Applies provider status events. Each (message, status) is recorded once in the history (a repeated
 * webhook is a no-op); the message's status moves only forward (see `canTransition`), so out-of-order
 * events land in the history without moving the status back.
 */
export async function applyStatuses(database: Database, events: StatusEvent[], now: Instant): Promise<ApplyResult[]> {
  if (events.length === 0) return []
  return inTransaction(database, async (trx) => {
    const resolve = await messageResolver(trx, events)
    const results: ApplyResult[] = []
    for (const e of events) {
      const messageId = resolve(e)
      if (!messageId) {
        results.push('unmatched')
        continue
      }
      const recorded = await trx
        .insertInto('message_events')
        .values(event(messageId, e.status, e.at, now, 'webhook', e.error, `webhook:${e.status}`))
        .onConflict((oc) => oc.columns(['message_id', 'dedupe_key']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!recorded) {
        results.push('duplicate')
        continue
      }
      await moveStatus(trx, messageId, e, now)
      results.push('applied')
    }
    return results
  })
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
  const from = predecessorsOf(e.status)
  const moves = sql<boolean>`status in (${sql.join(from)})`
  const failing = e.status === 'failed' && e.error
  await trx
    .updateTable('messages')
    .set({
      // Every CASE reads the row as it was before this statement, so they agree on `moves`.
      status: sql`case when ${moves} then ${e.status} else status end`,
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
