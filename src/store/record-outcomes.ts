import { sql } from 'kysely'
import type { MessageStatusChanged } from '../core/events/domain-event.js'
import type { ClaimedMessage, OutcomeRecord } from '../core/messages/ports.js'
import { predecessorsOf } from '../core/messages/status.js'
import type { Instant } from '../core/shared/time.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import { rememberProviderUserIds } from './contacts.js'
import type { Database } from './dialect.js'
import { event, insertEvents, statusChanged, type NewEvent } from './message-history.js'
import { chunk, type Trx } from './transaction.js'

const FAILABLE = predecessorsOf('failed')

/** Applies the dispatcher's decisions, all in one transaction. */
export async function recordOutcomes(
  database: Database,
  changes: ChangeRecorder,
  outcomes: Array<{ message: ClaimedMessage; outcome: OutcomeRecord }>,
  owner: string,
  now: Instant,
): Promise<void> {
  if (outcomes.length === 0) return
  await transactWithEvents(database, changes, now, async (trx, record) => {
    const events: NewEvent[] = []
    const changed: MessageStatusChanged[] = []
    const accepted: Array<{ id: string; providerMessageId: string }> = []
    const newUserIds: Array<{ contactId: string; provider: string; providerUserId: string }> = []
    for (const { message, outcome } of outcomes) {
      switch (outcome.kind) {
        case 'accepted':
          accepted.push({ id: message.id, providerMessageId: outcome.providerMessageId })
          if (outcome.recipientId && outcome.recipientId !== message.recipientId) {
            newUserIds.push({ contactId: message.contactId, provider: message.provider, providerUserId: outcome.recipientId })
          }
          events.push(event(message.id, 'accepted', now, now, 'dispatcher', undefined, null, owner))
          changed.push(statusChanged(message.id, outcome.providerMessageId, 'accepted', 'dispatcher', null, now))
          break
        case 'requeue':
          await trx
            .updateTable('messages')
            .set({ status: 'queued', due_at: outcome.dueAt, lease_owner: null, lease_until: null, updated_at: now, ...errorColumns(outcome.error) })
            .where('id', '=', message.id)
            .where('status', '=', 'sending')
            .where('lease_owner', '=', owner)
            .execute()
          events.push(event(message.id, 'queued', now, now, 'dispatcher', outcome.error, null, owner))
          break
        case 'throttled':
          // The claim counted an attempt; a throttle gives it back, so that however long the
          // number is held back no message reaches the attempt limit by waiting.
          await trx
            .updateTable('messages')
            .set((eb) => ({ status: 'queued', due_at: outcome.dueAt, attempts: eb('attempts', '-', 1), lease_owner: null, lease_until: null, updated_at: now, ...errorColumns(outcome.error) }))
            .where('id', '=', message.id)
            .where('status', '=', 'sending')
            .where('lease_owner', '=', owner)
            .execute()
          events.push(event(message.id, 'queued', now, now, 'dispatcher', outcome.error, null, owner))
          break
        case 'fail':
          await trx
            .updateTable('messages')
            .set({ status: 'failed', due_at: null, lease_owner: null, lease_until: null, updated_at: now, ...errorColumns(outcome.error) })
            .where('id', '=', message.id)
            .where('status', 'in', FAILABLE)
            .execute()
          events.push(event(message.id, 'failed', now, now, 'dispatcher', outcome.error, null, owner))
          changed.push(statusChanged(message.id, null, 'failed', 'dispatcher', outcome.error, now))
          break
        case 'release':
          await trx
            .updateTable('messages')
            .set((eb) => ({ status: 'queued', due_at: now, attempts: eb('attempts', '-', 1), lease_owner: null, lease_until: null, updated_at: now }))
            .where('id', '=', message.id)
            .where('status', '=', 'sending')
            .where('lease_owner', '=', owner)
            .execute()
          events.push(event(message.id, 'queued', now, now, 'dispatcher', RELEASED, null, owner))
          break
        case 'in_doubt':
          // Leave it `sending` with the lease ending now: the reconciler resends it only if no
          // status webhook proves within the grace period that the provider took it.
          await trx
            .updateTable('messages')
            .set({ lease_until: now, updated_at: now, ...errorColumns(outcome.error) })
            .where('id', '=', message.id)
            .where('status', '=', 'sending')
            .where('lease_owner', '=', owner)
            .execute()
          events.push(event(message.id, 'sending', now, now, 'dispatcher', outcome.error, null, owner))
          break
      }
    }
    for (const part of chunk(accepted, 200)) await markAccepted(trx, part, now)
    await rememberProviderUserIds(trx, newUserIds, now)
    await insertEvents(trx, events)
    record(changed)
  })
}

/** Records the provider's 200 for many messages in one statement. */
async function markAccepted(trx: Trx, accepted: Array<{ id: string; providerMessageId: string }>, now: Instant): Promise<void> {
  const values = sql.join(accepted.map((a) => sql`(${a.id}, ${a.providerMessageId})`))
  await sql`
    with v(id, provider_message_id) as (values ${values})
    update messages set
      status = case when messages.status in ('sending', 'queued') then 'accepted' else messages.status end,
      provider_message_id = coalesce(messages.provider_message_id, v.provider_message_id),
      lease_owner = null, lease_until = null, due_at = null,
      error_code = null, error_title = null, error_retryable = null,
      sent_at = coalesce(messages.sent_at, ${now}),
      updated_at = ${now}
    from v
    where messages.id = v.id`.execute(trx)
}

const RELEASED = { code: 'released', title: 'Not sent: too little of the lease was left to send it safely; queued again' }

function errorColumns(error: { code: string; title: string; retryable: boolean }) {
  return { error_code: error.code, error_title: error.title, error_retryable: error.retryable ? 1 : 0 }
}
