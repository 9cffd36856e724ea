import type { DecisionRecord, SmsFallbacks } from '../core/notifications/ports.js'
import type { Ids } from '../core/ports.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'
import { insertMessages } from './outbox.js'

/** The SmsFallbacks port over Kysely, the same on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createSmsFallbacks(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED): SmsFallbacks {
  return {
    async failedNotification(messageId, providerMessageId) {
      const row = await database.db
        .selectFrom('messages')
        .select(['id', 'event_id', 'rule_id', 'contact_id'])
        .where((eb) => (messageId ? eb('id', '=', messageId) : eb('provider_message_id', '=', providerMessageId)))
        .where('direction', '=', 'outbound')
        .where('channel', '=', 'whatsapp')
        .executeTakeFirst()
      if (!row || row.event_id === null || row.rule_id === null) return null
      return { messageId: row.id, eventId: row.event_id, ruleId: row.rule_id, contactId: row.contact_id }
    },

    async recordFallback({ failedMessageId, eventId, decision, messages }, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const claimed = await trx
          .insertInto('sms_fallbacks')
          .values({ failed_message_id: failedMessageId, event_id: eventId, created_at: now })
          .onConflict((oc) => oc.column('failed_message_id').doNothing())
          .returning('failed_message_id')
          .executeTakeFirst()
        if (!claimed) return { kind: 'duplicate' as const }
        // An event cancelled what the failed message was for after it left (it could not stop it then): no SMS either.
        const cancelledKeys = await trx
          .selectFrom('cancel_keys as k')
          .innerJoin('cancellations as c', 'c.key', 'k.key')
          .innerJoin('messages as m', 'm.id', 'k.message_id')
          .select('k.key')
          .where('k.message_id', '=', failedMessageId)
          .whereRef('c.last_at', '>=', 'm.created_at')
          .execute()
        const keys = cancelledKeys.map((k) => k.key)
        const recorded: DecisionRecord =
          keys.length > 0 && messages.length > 0
            ? { ruleId: decision.ruleId, contactId: decision.contactId, outcome: 'cancelled', reason: 'cancelled_by_event', detail: { keys, fallback_of: failedMessageId }, messageId: null }
            : decision
        if (recorded === decision) record(await insertMessages(trx, ids, messages, now, changes.spend))
        await trx
          .insertInto('notification_decisions')
          .values({
            event_id: eventId,
            rule_id: recorded.ruleId,
            contact_id: recorded.contactId,
            outcome: recorded.outcome,
            reason: recorded.reason,
            detail: recorded.detail ? JSON.stringify(recorded.detail) : null,
            message_id: recorded.messageId,
            created_at: now,
          })
          .execute()
        return recorded === decision ? { kind: 'recorded' as const } : { kind: 'cancelled' as const, decision: recorded }
      })
    },
  }
}
