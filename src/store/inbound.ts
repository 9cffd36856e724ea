import { sql } from 'kysely'
import { billingMarket } from '../core/costs/billing-market.js'
import { estimateMessageCost, priceableAt, type CostBasis } from '../core/costs/message-cost.js'
import { costColumns } from './message-costs.js'
import { inboundSmsCost } from './sms-costs.js'
import { previewOf } from '../core/messages/content.js'
import type { ApplyResult } from '../core/messages/ports.js'
import type { Ids } from '../core/ports.js'
import type { InboundEvent } from '../core/providers/provider.js'
import type { SenderRef } from '../core/messages/sender.js'
import type { Instant } from '../core/shared/time.js'
import { resolveInboundContact } from './contacts.js'
import type { Database } from './dialect.js'
import { event, insertEvents } from './message-history.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import type { E164 } from '../core/contacts/phone.js'
import { inboundConversation } from './conversation-columns.js'
import { afterInbound, cycleStart, NO_AUTO_ASSIGN, reopenOnInbound, type InboundWorkflowPolicy } from './inbound-workflow.js'

/** What an inbound message costs: nothing from the platform, whatever the carrying provider charges for it. */
function inboundCost(costs: CostBasis, sender: SenderRef, market: string | null, at: Instant) {
  return estimateMessageCost({ direction: 'inbound', at, senderId: sender.id, provider: sender.provider, account: sender.account, market, category: 'service', window: 'open' }, costs)
}

/**
 * Stores inbound messages on their contacts' histories, keyed by the provider's message id so a
 * repeated webhook adds nothing, and for WhatsApp moves each contact's `last_inbound_at` forward to
 * the user's own send time (where the customer-service window starts; an SMS opens no window). Each message reopens, starts the
 * cycle of, and may assign its conversation (see inbound-workflow.ts) in the same transaction.
 */
export async function recordInbound(
  database: Database,
  changes: ChangeRecorder,
  ids: Ids,
  events: InboundEvent[],
  sender: SenderRef,
  now: Instant,
  policy: InboundWorkflowPolicy = NO_AUTO_ASSIGN,
  costs: CostBasis | null = null,
): Promise<ApplyResult[]> {
  if (events.length === 0) return []
  const { provider, id: senderId } = sender
  return transactWithEvents(database, changes, now, async (trx, record) => {
    const results: ApplyResult[] = []
    for (const e of events) {
      const contactId = await resolveInboundContact(trx, ids, provider, e.fromId, e.fromPhone, now)
      const id = ids.next('msg')
      const market = e.fromPhone ? billingMarket(e.fromPhone) : null
      const cost = costs && sender.channel === 'whatsapp' && priceableAt(costs, e.at) ? inboundCost(costs, sender, market, e.at) : costs && sender.channel === 'sms' ? inboundSmsCost(costs, sender, e.content) : null
      const inserted = await trx
        .insertInto('messages')
        .values({
          id,
          direction: 'inbound',
          channel: sender.channel,
          contact_id: contactId,
          sender_id: senderId,
          provider,
          account: sender.account,
          kind: e.content.kind,
          content: JSON.stringify(e.content),
          preview: previewOf(e.content),
          metadata: null,
          status: 'received',
          attempts: 0,
          provider_message_id: e.providerMessageId,
          reply_to: e.replyTo ?? null,
          market,
          // Known on receipt, so estimate and final are one: the provider's fees on an inbound message.
          ...costColumns('estimated', cost),
          ...costColumns('final', cost),
          cost_window: cost?.window ?? null,
          cost_discrepancy: cost ? 0 : null,
          created_at: e.at,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('provider_message_id').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) {
        results.push('duplicate')
        continue
      }
      await insertEvents(trx, [event(id, 'received', e.at, now, 'webhook')])
      const reopened = await reopenOnInbound(trx, contactId)
      // Only a WhatsApp message opens WhatsApp's customer-service window (SMS has none), and it
      // shows the number is on WhatsApp after all, whatever a failed send said before.
      const whatsapp = sender.channel === 'whatsapp'
      await trx
        .updateTable('contacts')
        .set({
          ...(whatsapp
            ? { last_inbound_at: sql`case when last_inbound_at is null or last_inbound_at < ${e.at} then ${e.at} else last_inbound_at end`, on_whatsapp: sql`case when on_whatsapp = 0 then 1 else on_whatsapp end` }
            : {}),
          profile_name: e.profileName ?? sql`profile_name`,
          ...inboundConversation(e.at, previewOf(e.content)),
          ...cycleStart(e.at),
          updated_at: now,
        })
        .where('id', '=', contactId)
        .execute()
      const workflow = await afterInbound(trx, contactId, reopened, now, policy)
      record([
        {
          type: 'message.inbound',
          messageId: id,
          contactId,
          senderId,
          provider,
          fromId: e.fromId,
          fromPhone: (e.fromPhone as E164 | undefined) ?? null,
          profileName: e.profileName ?? null,
          providerMessageId: e.providerMessageId,
          content: e.content,
          replyTo: e.replyTo ?? null,
          at: e.at,
        },
        ...workflow,
      ])
      results.push('applied')
    }
    return results
  })
}
