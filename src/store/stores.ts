import type { Contacts } from '../core/contacts/ports.js'
import type { Conversations } from '../core/inbox/conversations.js'
import type { MessageQueries, Outbox, StatusLedger } from '../core/messages/ports.js'
import type { EventLog, Feedback, SendHistory, SmsFallbacks } from '../core/notifications/ports.js'
import type { Ids } from '../core/ports.js'
import type { CostBasis } from '../core/costs/message-cost.js'
import { UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import { createContacts } from './contacts-store.js'
import { createConversations } from './conversations-store.js'
import type { Database } from './dialect.js'
import { NO_AUTO_ASSIGN, type InboundWorkflowPolicy } from './inbound-workflow.js'
import { createEventLog } from './event-log.js'
import { createFeedback } from './feedback-store.js'
import { createMessageQueries, createOutbox, createStatusLedger } from './message-store.js'
import { createSendHistory } from './send-history.js'
import { createSmsFallbacks } from './sms-fallbacks.js'

/** The store ports, one implementation each, over one database. */
export interface Stores {
  outbox: Outbox
  ledger: StatusLedger
  messages: MessageQueries
  contacts: Contacts
  eventLog: EventLog
  feedback: Feedback
  sendHistory: SendHistory
  conversations: Conversations
  smsFallbacks: SmsFallbacks
}

/** Builds every store port over the database; their changes go to `changes`; `costs` prices inbound messages and the finals (null: none priced). */
export function createStores(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED, inbound: InboundWorkflowPolicy = NO_AUTO_ASSIGN, costs: CostBasis | null = null): Stores {
  return {
    outbox: createOutbox(database, ids, changes),
    ledger: createStatusLedger(database, ids, changes, inbound, costs),
    messages: createMessageQueries(database),
    contacts: createContacts(database, ids, changes),
    eventLog: createEventLog(database, ids, changes),
    feedback: createFeedback(database, changes),
    sendHistory: createSendHistory(database),
    conversations: createConversations(database, changes),
    smsFallbacks: createSmsFallbacks(database, ids, changes),
  }
}
