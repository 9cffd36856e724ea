import { sql, type ExpressionBuilder } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { ConversationQuery, Conversations, ConversationSummary } from '../core/inbox/conversations.js'
import { encodeConversationCursor } from '../core/inbox/conversations.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import { createConversationWorkflow } from './conversation-workflow.js'
import type { Database } from './dialect.js'
import type { DB } from './schema.js'

type Where = (eb: ExpressionBuilder<DB, 'contacts'>) => ReturnType<ExpressionBuilder<DB, 'contacts'>['and']>

// Each filter's condition is written as its partial index's (migration 0014), which SQLite needs to use it.
const FILTERS: Record<ConversationQuery['filter'], Where | null> = {
  all: null,
  resolved: null,
  unassigned: (eb) => eb.and([eb('assignee_id', 'is', null)]),
  waiting: (eb) => eb.and([eb('waiting_since', 'is not', null)]),
  opted_out: (eb) => eb.and([eb('opt_out_at', 'is not', null)]),
}

/** Above the last character of any prefix, so `[q, q + TOP)` is "starts with q" as a range scan. */
const TOP = '\uffff'

/**
 * The search as index range scans: a name prefix (case-insensitive, on the expression index of
 * migration 0014; SQLite's lower() folds ASCII letters only), and a phone or external id prefix.
 */
function searchOf(text: string): Where {
  const q = text.trim()
  return (eb) => {
    const name = sql<string>`lower(coalesce(name, profile_name))`
    const lowered = q.toLowerCase()
    const digits = /^\+?[\d\s-]+$/.test(q) ? `+${q.replace(/[^\d]/g, '')}` : null
    return eb.or([
      eb.and([eb(name, '>=', lowered), eb(name, '<', lowered + TOP)]),
      eb.and([eb('external_id', '>=', q), eb('external_id', '<', q + TOP)]),
      ...(digits ? [eb.and([eb('phone', '>=', digits), eb('phone', '<', digits + TOP)])] : []),
    ])
  }
}

const instantOrNull = (value: number | string | null) => (value === null ? null : Number(value))

/** The Conversations port over Kysely: the list reads the columns the message transactions keep on contacts. */
export function createConversations(database: Database, changes: ChangeRecorder = UNRECORDED): Conversations {
  const { db } = database
  return {
    ...createConversationWorkflow(database, changes),
    async list(query) {
      let select = db
        .selectFrom('contacts')
        .select([
          'phone',
          'name',
          'profile_name',
          'external_id',
          'last_message_preview',
          'last_message_direction',
          'last_activity_at',
          'unread_count',
          'assignee_id',
          'last_inbound_at',
          'waiting_since',
          'opt_out_at',
          'marketing_consent',
          'cycle_started_at',
          'first_response_at',
          'resolved_at',
        ])
        .where('last_activity_at', 'is not', null)
      // Open or resolved, each on its partial index of migration 0016.
      select = query.filter === 'resolved' ? select.where('resolved_at', 'is not', null) : select.where('resolved_at', 'is', null)
      const filter = FILTERS[query.filter]
      if (filter) select = select.where(filter)
      if (query.assignee !== undefined) select = select.where('assignee_id', '=', query.assignee)
      if (query.search !== undefined && query.search.trim() !== '') select = select.where(searchOf(query.search))
      const after = query.cursor
      if (after) {
        // The `<=` alone bounds the index range; the OR then only trims ties at the cursor's time.
        select = select
          .where('last_activity_at', '<=', after.at)
          .where((eb) => eb.or([eb('last_activity_at', '<', after.at), eb('phone', '>', after.phone)]))
      }
      const rows = await select.orderBy('last_activity_at', 'desc').orderBy('phone').limit(query.limit + 1).execute()
      const page = rows.slice(0, query.limit)
      const items: ConversationSummary[] = page.map((r) => ({
        phone: r.phone as E164,
        name: r.name ?? r.profile_name,
        externalId: r.external_id,
        lastMessage: { preview: r.last_message_preview ?? '', direction: r.last_message_direction ?? 'inbound', at: Number(r.last_activity_at) },
        unreadCount: Number(r.unread_count),
        assigneeId: r.assignee_id,
        lastInboundAt: r.last_inbound_at === null ? null : Number(r.last_inbound_at),
        waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
        optedOut: r.opt_out_at !== null,
        marketingConsent: r.marketing_consent === null ? null : r.marketing_consent === 1,
        cycle: { startedAt: instantOrNull(r.cycle_started_at), firstResponseAt: instantOrNull(r.first_response_at), resolvedAt: instantOrNull(r.resolved_at) },
      }))
      const last = page.at(-1)
      return { items, nextCursor: rows.length > query.limit && last ? encodeConversationCursor({ at: Number(last.last_activity_at), phone: last.phone }) : null }
    },

    async markRead(phone, now) {
      return transactWithEvents(database, changes, now, async (trx) => {
        const contact = await trx.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()
        if (!contact) return null
        await trx
          .updateTable('contacts')
          .set({ unread_count: 0, read_up_to_at: now, updated_at: now })
          .where('id', '=', contact.id)
          .execute()
        const latest = await trx
          .selectFrom('messages')
          .select(['provider_message_id', 'sender_id', 'provider'])
          .where('contact_id', '=', contact.id)
          .where('direction', '=', 'inbound')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst()
        return {
          latestInbound: latest?.provider_message_id ? { providerMessageId: latest.provider_message_id, senderId: latest.sender_id, provider: latest.provider } : null,
        }
      })
    },

    async assign(phone, assigneeId, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const contact = await trx.selectFrom('contacts').select(['id', 'assignee_id']).where('phone', '=', phone).executeTakeFirst()
        if (!contact) return false
        if (contact.assignee_id === assigneeId) return true
        // The last handler outlives an unassignment: sticky assignment offers the parent back to them.
        const handler = assigneeId === null ? {} : { last_handler_id: assigneeId }
        await trx.updateTable('contacts').set({ assignee_id: assigneeId, ...handler, updated_at: now }).where('id', '=', contact.id).execute()
        record([{ type: 'conversation.assigned', contactId: contact.id, phone, assigneeId, previousAssigneeId: contact.assignee_id, at: now }])
        return true
      })
    },
  }
}
