import type { CostBasis } from '../core/costs/message-cost.js'
import { costDiscrepancies } from './message-costs.js'
import { sql } from 'kysely'
import type { MessageQueries, Outbox, StatusLedger } from '../core/messages/ports.js'
import type { Ids } from '../core/ports.js'
import type { Database } from './dialect.js'
import { recordInbound } from './inbound.js'
import { NO_AUTO_ASSIGN, type InboundWorkflowPolicy } from './inbound-workflow.js'
import { getHistory, getMessage, getStatuses, listByContact, listByStatus, queueDepth } from './message-queries.js'
import { UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import { cancelByKeys, claimDue, enqueueMessages, promoteScheduled, requeueAbandoned } from './outbox.js'
import { recordOutcomes } from './record-outcomes.js'
import { countStale, markStale } from './stale-messages.js'
import { applyStatuses } from './status-updates.js'

/** The Outbox port over Kysely; identical on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createOutbox(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED): Outbox {
  return {
    enqueue: (messages, now, idempotency) => enqueueMessages(database, changes, ids, messages, now, idempotency),
    claimDue: (senderId, now, limit, lease, owner) => claimDue(database, senderId, now, limit, lease, owner),
    promoteScheduled: (now) => promoteScheduled(database, changes, now),
    cancelByKeys: (keys, reason, now) => cancelByKeys(database, changes, keys, reason, now),
    hasDue: async (senderId, now) =>
      (await database.db
        .selectFrom('messages')
        .select('seq')
        // A literal, so SQLite can use the partial index of queued messages (messages_queued_by_sender).
        .where(sql<boolean>`status = 'queued'`)
        .where('sender_id', '=', senderId)
        .where('due_at', '<=', now)
        .limit(1)
        .executeTakeFirst()) !== undefined,
    recordOutcomes: (outcomes, owner, now) => recordOutcomes(database, changes, outcomes, owner, now),
    requeueAbandoned: (now, grace) => requeueAbandoned(database, now, grace),
    queueDepth: () => queueDepth(database),
    markStale: (now, staleAfter, limit) => markStale(database, changes, now, staleAfter, limit),
    staleCount: () => countStale(database),
  }
}

/** The StatusLedger port over Kysely. */
export function createStatusLedger(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED, inbound: InboundWorkflowPolicy = NO_AUTO_ASSIGN, costs: CostBasis | null = null): StatusLedger {
  return {
    applyStatuses: (events, now) => applyStatuses(database, changes, events, now, costs),
    recordInbound: (events, sender, now) => recordInbound(database, changes, ids, events, sender, now, inbound, costs),
  }
}

/** The MessageQueries port over Kysely. */
export function createMessageQueries(database: Database): MessageQueries {
  return {
    get: (id) => getMessage(database, id),
    history: (id) => getHistory(database, id),
    listByContact: (phone, limit, cursor) => listByContact(database, phone, limit, cursor),
    listByStatus: (status, limit, cursor) => listByStatus(database, status, limit, cursor),
    statuses: (ids) => getStatuses(database, ids),
    costDiscrepancies: (limit, cursor) => costDiscrepancies(database, { limit, ...(cursor === null ? {} : { cursor }) }),
  }
}
