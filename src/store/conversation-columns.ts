import { sql, type RawBuilder } from 'kysely'
import type { Instant } from '../core/shared/time.js'
import type { Trx } from './transaction.js'

/**
 * The conversation columns of a contact (migration 0014) as an inbound message at `at` changes
 * them, for the update that already moves `last_inbound_at`: every right-hand side reads the row
 * as it was, so one statement does it. Every new message counts as unread until the next read
 * (the platform's times are whole seconds, too coarse to compare with the read mark); a late one
 * (older than the newest) does not become the last message.
 */
export function inboundConversation(at: Instant, preview: string): Record<string, RawBuilder<unknown>> {
  const newest = sql`last_activity_at is null or last_activity_at <= ${at}`
  return {
    last_activity_at: sql`case when ${newest} then ${at} else last_activity_at end`,
    last_message_preview: sql`case when ${newest} then ${preview} else last_message_preview end`,
    last_message_direction: sql`case when ${newest} then 'inbound' else last_message_direction end`,
    unread_count: sql`unread_count + 1`,
    waiting_since: sql`coalesce(waiting_since, ${at})`,
  }
}

/**
 * Moves the conversations of just-inserted outbound messages on: one statement for the batch (the
 * preview is each contact's newest message, through the history index). A direct message (not a
 * notification a rule sent) is a reply, so the parent no longer waits, and the first of the cycle
 * is its first response.
 */
export async function recordOutboundConversations(trx: Trx, messages: ReadonlyArray<{ contactId: string; reply: boolean }>, now: Instant): Promise<void> {
  if (messages.length === 0) return
  const contactIds = [...new Set(messages.map((m) => m.contactId))]
  const replied = [...new Set(messages.filter((m) => m.reply).map((m) => m.contactId))]
  await trx
    .updateTable('contacts')
    .set({
      last_activity_at: sql`case when last_activity_at > ${now} then last_activity_at else ${now} end`,
      last_message_preview: sql`(select m.preview from messages m where m.contact_id = contacts.id order by m.seq desc limit 1)`,
      last_message_direction: 'outbound',
      ...(replied.length > 0
        ? {
            waiting_since: sql`case when ${sql.ref('id')} in (${sql.join(replied)}) then null else waiting_since end`,
            // The open cycle's first answer (migration 0016); a resolved conversation's cycle is over.
            first_response_at: sql`case when ${sql.ref('id')} in (${sql.join(replied)}) and cycle_started_at is not null and first_response_at is null and resolved_at is null then ${now} else first_response_at end`,
          }
        : {}),
    })
    .where('id', 'in', contactIds)
    .execute()
}
