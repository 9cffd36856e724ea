import type { DeliveryRecord, OutgoingTopic, OutgoingWebhookStore } from '../core/outgoing/ports.js'
import type { OutgoingPayload } from '../core/outgoing/outgoing-payloads.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import { chunk, type Trx } from './transaction.js'
import { claimLeased } from './leased-queue.js'
import { sql } from 'kysely'

/**
 * Queues one delivery per payload and subscription to its topic, inside the transaction of the
 * change that caused it: the delivery exists if and only if the change committed. The
 * subscriptions are read once, and only when there is something to deliver.
 */
export async function queueOutgoing(trx: Trx, items: readonly OutgoingPayload[], now: Instant): Promise<number> {
  if (items.length === 0) return 0
  const subscriptions = await trx.selectFrom('webhook_subscriptions').select(['id', 'topics']).where('disabled_at', 'is', null).execute()
  if (subscriptions.length === 0) return 0
  const subscribed = subscriptions.map((s) => ({ id: s.id, topics: new Set(JSON.parse(s.topics) as string[]) }))
  const rows = items.flatMap(({ topic, payload }) => {
    const listeners = subscribed.filter((s) => s.topics.has(topic))
    if (listeners.length === 0) return []
    const body = JSON.stringify(payload)
    return listeners.map((s) => ({ subscription_id: s.id, topic, payload: body, state: 'pending' as const, next_attempt_at: now, created_at: now }))
  })
  for (const part of chunk(rows, 500)) await trx.insertInto('webhook_deliveries').values(part).execute()
  return rows.length
}

/** The OutgoingWebhookStore port over Kysely. */
export function createOutgoingWebhookStore(database: Database): OutgoingWebhookStore {
  const { db } = database
  return {
    async subscribe(s) {
      await db
        .insertInto('webhook_subscriptions')
        .values({ id: s.id, url: s.url, secret: s.secret, topics: JSON.stringify(s.topics), created_at: s.createdAt })
        .execute()
    },
    async subscriptions() {
      const rows = await db.selectFrom('webhook_subscriptions').selectAll().where('disabled_at', 'is', null).orderBy('created_at').execute()
      return rows.map((r) => ({ id: r.id, url: r.url, topics: JSON.parse(r.topics) as OutgoingTopic[], createdAt: r.created_at }))
    },
    async unsubscribe(id, now) {
      const result = await db.updateTable('webhook_subscriptions').set({ disabled_at: now }).where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
    async claimDue(now, limit, lease, owner) {
      const claimed = await claimLeased<{ id: number }>(db, database, {
        table: 'webhook_deliveries',
        key: 'id',
        ready: sql`candidate.state = 'pending' and candidate.next_attempt_at <= ${now}
          and exists (select 1 from webhook_subscriptions s where s.id = candidate.subscription_id and s.disabled_at is null)`,
        now,
        limit,
        lease,
        owner,
      })
      if (claimed.length === 0) return []
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
        .select(['d.id', 'd.subscription_id', 's.url', 's.secret', 'd.topic', 'd.payload', 'd.attempts'])
        .where('d.id', 'in', claimed.map((c) => c.id))
        .orderBy('d.id')
        .execute()
      return rows.map((r) => ({ id: r.id, subscriptionId: r.subscription_id, url: r.url, secret: r.secret, topic: r.topic as OutgoingTopic, payload: r.payload, attempts: r.attempts }))
    },
    async markDelivered(id, status, now) {
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ state: 'delivered', attempts: eb('attempts', '+', 1), last_status: status, last_error: null, delivered_at: now, lease_owner: null, lease_until: null }))
        .where('id', '=', id)
        .execute()
    },
    async markAttemptFailed(id, failure, nextAttemptAt) {
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          state: nextAttemptAt === null ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          last_status: failure.status,
          last_error: failure.error,
          lease_owner: null,
          lease_until: null,
          ...(nextAttemptAt === null ? {} : { next_attempt_at: nextAttemptAt }),
        }))
        .where('id', '=', id)
        .execute()
    },
    async deliveries(subscriptionId, limit) {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id', 'desc').limit(limit).execute()
      return rows.map(
        (r): DeliveryRecord => ({
          id: r.id,
          subscriptionId: r.subscription_id,
          topic: r.topic as OutgoingTopic,
          payload: JSON.parse(r.payload) as unknown,
          state: r.state,
          attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at,
          lastStatus: r.last_status,
          lastError: r.last_error,
          createdAt: r.created_at,
          deliveredAt: r.delivered_at,
        }),
      )
    },
    async replay(id, now) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ state: 'pending', next_attempt_at: now, delivered_at: null, lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
  }
}
