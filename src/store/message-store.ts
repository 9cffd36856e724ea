import type { MessageStore } from '../core/messages/ports.js'
import type { Ids } from '../core/ports.js'
import type { Database } from './dialect.js'
import { recordInbound } from './inbound.js'
import { getHistory, getMessage, getStatuses, listByContact, queueDepth } from './message-queries.js'
import { ensureContacts } from './contacts.js'
import { recipientStates } from './recipient-states.js'
import { inTransaction } from './transaction.js'
import { cancelByKeys, claimDue, enqueueMessages, promoteScheduled, recordOutcomes, requeueAbandoned } from './outbox.js'
import { applyStatuses } from './status-updates.js'

/** The MessageStore port over Kysely; identical on SQLite and PostgreSQL. */
export function createMessageStore(database: Database, ids: Ids): MessageStore {
  return {
    enqueue: (messages, now, idempotency) => enqueueMessages(database, ids, messages, now, idempotency),
    claimDue: (senderId, now, limit, lease, owner) => claimDue(database, senderId, now, limit, lease, owner),
    promoteScheduled: (now) => promoteScheduled(database, now),
    cancelByKeys: (keys, reason, now) => cancelByKeys(database, keys, reason, now),
    hasDue: async (senderId, now) =>
      (await database.db
        .selectFrom('messages')
        .select('seq')
        .where('status', '=', 'queued')
        .where('sender_id', '=', senderId)
        .where('due_at', '<=', now)
        .limit(1)
        .executeTakeFirst()) !== undefined,
    recordOutcomes: (outcomes, owner, now) => recordOutcomes(database, outcomes, owner, now),
    requeueAbandoned: (now, grace) => requeueAbandoned(database, now, grace),
    applyStatuses: (events, now) => applyStatuses(database, events, now),
    recordInbound: (events, eventProvider, senderId, now) => recordInbound(database, ids, events, eventProvider, senderId, now),
    get: (id) => getMessage(database, id),
    history: (id) => getHistory(database, id),
    listByContact: (phone, limit, cursor) => listByContact(database, phone, limit, cursor),
    statuses: (ids) => getStatuses(database, ids),
    queueDepth: () => queueDepth(database),
    recipientStates: (phones) => recipientStates(database, phones),
    setContactLanguage: (phone, language, now) =>
      inTransaction(database, async (trx) => {
        await ensureContacts(trx, ids, [phone], now)
        await trx.updateTable('contacts').set({ language, updated_at: now }).where('phone', '=', phone).execute()
      }),
  }
}
