import { sql, type ExpressionBuilder } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { ConversationQuery, ConversationRef, Conversations, ConversationSummary } from '../core/inbox/conversations.js'
import type { Visibility } from '../core/teams/visibility.js'
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

/** An operator's teams' conversations, the unrouted ones and their own (see core/teams/visibility.ts); null: everything. */
function visibleTo(visibility: Visibility | undefined): Where | null {
  if (!visibility || visibility.kind === 'all') return null
  const { teamIds, operatorId } = visibility
  return (eb) => eb.or([eb('team_id', 'is', null), ...(teamIds.length > 0 ? [eb('team_id', 'in', teamIds)] : []), eb('assignee_id', '=', operatorId)])
}

function refOf(row: { id: string; phone: string; team_id: string | null; assignee_id: string | null }): ConversationRef {
  return { contactId: row.id, phone: row.phone as E164, teamId: row.team_id, assigneeId: row.assignee_id }
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
          'id',
          'phone',
          'name',
          'profile_name',
          'external_id',
          'last_message_preview',
          'last_message_direction',
          'last_activity_at',
          'unread_count',
          'assignee_id',
          'team_id',
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
      if (query.team !== undefined) select = select.where('team_id', '=', query.team)
      const visible = visibleTo(query.visibility)
      if (visible) select = select.where(visible)
      if (query.search !== undefined && query.search.trim() !== '') select = select.where(searchOf(query.search))
      const after = query.cursor
      if (after) {
        // The `<=` alone bounds the index range; the OR then only trims ties at the cursor's time.
        select = select
          .where('last_activity_at', '<=', after.at)
          .where((eb) =>
            eb.or([
              eb('last_activity_at', '<', after.at),
              'phone' in after ? eb('phone', '>', after.phone) : eb('phone', '>', eb.selectFrom('contacts as k').select('k.phone').where('k.id', '=', after.contactId)),
            ]),
          )
      }
      const rows = await select.orderBy('last_activity_at', 'desc').orderBy('phone').limit(query.limit + 1).execute()
      const page = rows.slice(0, query.limit)
      const items: ConversationSummary[] = page.map((r) => ({
        contactId: r.id,
        phone: r.phone as E164,
        name: r.name ?? r.profile_name,
        externalId: r.external_id,
        lastMessage: { preview: r.last_message_preview ?? '', direction: r.last_message_direction ?? 'inbound', at: Number(r.last_activity_at) },
        unreadCount: Number(r.unread_count),
        assigneeId: r.assignee_id,
        teamId: r.team_id,
        lastInboundAt: r.last_inbound_at === null ? null : Number(r.last_inbound_at),
        waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
        optedOut: r.opt_out_at !== null,
        marketingConsent: r.marketing_consent === null ? null : r.marketing_consent === 1,
        cycle: { startedAt: instantOrNull(r.cycle_started_at), firstResponseAt: instantOrNull(r.first_response_at), resolvedAt: instantOrNull(r.resolved_at) },
      }))
      const last = page.at(-1)
      if (!(rows.length > query.limit && last)) return { items, nextCursor: null }
      const at = Number(last.last_activity_at)
      return { items, nextCursor: encodeConversationCursor(query.cursorBy === 'contact' ? { at, contactId: last.id } : { at, phone: last.phone }) }
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

    async setTeam(phone, teamId, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const contact = await trx.selectFrom('contacts').select(['id', 'team_id']).where('phone', '=', phone).executeTakeFirst()
        if (!contact) return false
        if (contact.team_id === teamId) return true
        await trx.updateTable('contacts').set({ team_id: teamId, updated_at: now }).where('id', '=', contact.id).execute()
        record([{ type: 'conversation.team_changed', contactId: contact.id, phone, teamId, previousTeamId: contact.team_id, at: now }])
        return true
      })
    },

    async find(key) {
      const select = db.selectFrom('contacts').select(['id', 'phone', 'team_id', 'assignee_id'])
      const row = await ('phone' in key ? select.where('phone', '=', key.phone) : select.where('id', '=', key.contactId)).executeTakeFirst()
      return row ? refOf(row) : null
    },

    async routingOf(keys) {
      const routing = new Map<string, { teamId: string | null; assigneeId: string | null }>()
      const unique = [...new Set(keys)]
      if (unique.length === 0) return routing
      const rows = await db
        .selectFrom('contacts')
        .select(['id', 'phone', 'team_id', 'assignee_id'])
        .where((eb) => eb.or([eb('id', 'in', unique), eb('phone', 'in', unique)]))
        .execute()
      for (const row of rows) {
        const route = { teamId: row.team_id, assigneeId: row.assignee_id }
        routing.set(row.id, route)
        routing.set(row.phone, route)
      }
      return routing
    },
  }
}
