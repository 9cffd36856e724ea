import type { E164 } from '../core/contacts/phone.js'
import type { Conversations } from '../core/inbox/conversations.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'

/**
 * Resolving, reopening and typing signals (migration 0016). Each state change is one conditional
 * update, so two operators resolving at once produce one `conversation.resolved`.
 */
export function createConversationWorkflow(database: Database, changes: ChangeRecorder): Pick<Conversations, 'resolve' | 'reopen' | 'typing' | 'noteHandler'> {
  const contactOf = async (phone: E164) =>
    database.db.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()

  return {
    async resolve(phone, actorId, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const contact = await trx.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()
        if (!contact) return 'not_found'
        // Nothing waits in a resolved conversation: the parent's next message starts a new cycle.
        const result = await trx
          .updateTable('contacts')
          .set({ resolved_at: now, waiting_since: null, updated_at: now })
          .where('id', '=', contact.id)
          .where('resolved_at', 'is', null)
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) === 0) return 'unchanged'
        record([{ type: 'conversation.resolved', contactId: contact.id, phone, actorId, at: now }])
        return 'changed'
      })
    },

    async reopen(phone, actorId, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const contact = await trx.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()
        if (!contact) return 'not_found'
        const result = await trx
          .updateTable('contacts')
          .set({ resolved_at: null, cycle_started_at: null, first_response_at: null, updated_at: now })
          .where('id', '=', contact.id)
          .where('resolved_at', 'is not', null)
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) === 0) return 'unchanged'
        record([{ type: 'conversation.reopened', contactId: contact.id, phone, actorId, at: now }])
        return 'changed'
      })
    },

    async noteHandler(phone, operatorId) {
      await database.db.updateTable('contacts').set({ last_handler_id: operatorId }).where('phone', '=', phone).execute()
    },

    async typing(phone, operatorId, until, now) {
      if (!(await contactOf(phone))) return false
      // No row changes: the transaction only carries the event onto the feed.
      await transactWithEvents(database, changes, now, async (_trx, record) => {
        record([{ type: 'conversation.typing', phone, operatorId, until, at: now }])
      })
      return true
    },
  }
}
