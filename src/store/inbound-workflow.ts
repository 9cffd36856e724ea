import { sql } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { DomainEvent } from '../core/events/domain-event.js'
import { chooseAssignee, type AutoAssignMode } from '../core/inbox/auto-assign.js'
import type { Duration, Instant } from '../core/shared/time.js'
import { onlineAssignees } from './operator-presence.js'
import type { Trx } from './transaction.js'

/** How inbound messages move conversations on: automatic assignment, and who counts as online. */
export interface InboundWorkflowPolicy {
  autoAssign: AutoAssignMode
  /** A stream not heard from for this long no longer makes its operator online. */
  presenceTtl: Duration
}

export const NO_AUTO_ASSIGN: InboundWorkflowPolicy = { autoAssign: 'off', presenceTtl: 0 }

/**
 * Before the message's own update of the contact: a resolved conversation opens again, with its
 * cycle cleared for the message to start (see `cycleStart`). Conditional, so of two messages at
 * once only one reopens (the row lock orders them). Returns whether it reopened.
 */
export async function reopenOnInbound(trx: Trx, contactId: string): Promise<boolean> {
  const reopened = await trx
    .updateTable('contacts')
    .set({ resolved_at: null, cycle_started_at: null, first_response_at: null })
    .where('id', '=', contactId)
    .where('resolved_at', 'is not', null)
    .executeTakeFirst()
  return Number(reopened.numUpdatedRows) > 0
}

/** For the message's update of the contact: the cycle starts at this message unless one runs. */
export const cycleStart = (at: Instant) => ({ cycle_started_at: sql<number>`coalesce(cycle_started_at, ${at})` })

/**
 * After the message's update, in its transaction: the events of the reopening, and an unassigned
 * conversation's automatic assignee (the policy's choice among the operators online).
 */
export async function afterInbound(trx: Trx, contactId: string, reopened: boolean, now: Instant, policy: InboundWorkflowPolicy): Promise<DomainEvent[]> {
  if (!reopened && policy.autoAssign === 'off') return []
  const events: DomainEvent[] = []
  const contact = await trx.selectFrom('contacts').select(['phone', 'assignee_id', 'last_handler_id', 'team_id']).where('id', '=', contactId).executeTakeFirstOrThrow()
  const phone = contact.phone as E164
  if (reopened) events.push({ type: 'conversation.reopened', contactId, phone, actorId: null, at: now })
  if (policy.autoAssign === 'off' || contact.assignee_id !== null) return events

  const online = await onlineAssignees(trx, now - policy.presenceTtl, contact.team_id)
  if (online.length === 0) return events
  // Taking the pointer's row lock first serialises concurrent assignments across processes: the
  // second waits, then reads the turn the first one gave.
  const pointer = await trx
    .updateTable('assignment_rotation')
    .set({ turns: sql`turns + 1` })
    .where('id', '=', 'inbox')
    .returning('last_operator_id')
    .executeTakeFirst()
  const choice = chooseAssignee({ mode: policy.autoAssign, online, lastTurn: pointer?.last_operator_id ?? null, lastHandler: contact.last_handler_id })
  if (choice.kind === 'none') return events
  if (choice.kind === 'turn') await trx.updateTable('assignment_rotation').set({ last_operator_id: choice.operatorId }).where('id', '=', 'inbox').execute()
  await trx.updateTable('contacts').set({ assignee_id: choice.operatorId, last_handler_id: choice.operatorId }).where('id', '=', contactId).execute()
  events.push({ type: 'conversation.assigned', contactId, phone, assigneeId: choice.operatorId, previousAssigneeId: null, at: now })
  return events
}
