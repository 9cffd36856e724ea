import { sql } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { AwaitingReply, Feedback, FeedbackRecord } from '../core/notifications/ports.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'

/** The Feedback port over Kysely, the same on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createFeedback(database: Database, changes: ChangeRecorder = UNRECORDED): Feedback {
  const { db } = database
  return {
    async awaitingReply(contactId, replyTo): Promise<AwaitingReply | null> {
      let query = db
        .selectFrom('messages')
        .select(['id', 'event_id', 'rule_id', 'provider_message_id', 'updated_at', 'expect_reply'])
        .where('contact_id', '=', contactId)
        .where('direction', '=', 'outbound')
        .where('event_id', 'is not', null)
        .where('expect_reply', 'is not', null)
        .where('expect_reply', '!=', 'null')
        // A stale message the platform had taken may well have arrived: a reply to it is still its feedback.
        .where((eb) => eb.or([eb('status', 'in', ['accepted', 'sent', 'delivered', 'read']), eb.and([eb('status', '=', 'stale'), eb('last_heard_status', 'in', ['accepted', 'sent'])])]))
      // A reply that quotes a message (or taps its button) belongs to that message; a plain text to the latest one.
      if (replyTo) query = query.where('provider_message_id', '=', replyTo)
      const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst()
      if (!row) return null
      return {
        messageId: row.id,
        eventId: row.event_id!,
        ruleId: row.rule_id!,
        providerMessageId: row.provider_message_id,
        sentAt: row.updated_at,
        expectReply: JSON.parse(row.expect_reply!) as AwaitingReply['expectReply'],
      }
    },
    async recordFeedback(feedback: FeedbackRecord) {
      return transactWithEvents(database, changes, feedback.at, async (trx, record) => {
        const row = await trx
          .insertInto('feedback')
          .values({
            event_id: feedback.eventId,
            rule_id: feedback.ruleId,
            message_id: feedback.messageId,
            reply_message_id: feedback.replyMessageId,
            kind: feedback.kind,
            value: feedback.value,
            at: feedback.at,
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!row) return 'duplicate' as const
        const contact = await trx
          .selectFrom('messages')
          .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
          .select('contacts.phone')
          .where('messages.id', '=', feedback.messageId)
          .executeTakeFirst()
        const { eventId, ruleId, messageId, kind, value, at } = feedback
        record([{ type: 'feedback.recorded', eventId, ruleId, messageId, phone: (contact?.phone as E164 | undefined) ?? null, kind, value, at }])
        return 'recorded' as const
      })
    },
    async feedbackForEvent(eventId) {
      const rows = await db.selectFrom('feedback').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
      return rows.map((r) => ({ eventId: r.event_id, ruleId: r.rule_id, messageId: r.message_id, replyMessageId: r.reply_message_id, kind: r.kind, value: r.value, at: r.at }))
    },
    async feedbackCounts() {
      const rows = await db
        .selectFrom('feedback')
        .select(['rule_id', 'value', sql<number>`count(*)`.as('n')])
        .groupBy(['rule_id', 'value'])
        .orderBy('rule_id')
        .orderBy('value')
        .execute()
      return rows.map((r) => ({ ruleId: r.rule_id, value: r.value, count: Number(r.n) }))
    },
  }
}
