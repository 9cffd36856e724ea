import { sql } from 'kysely'
import type { E164 } from '../core/contacts/phone.js'
import type { Ids } from '../core/ports.js'
import type { ConsentRecord, ContactState } from '../core/contacts/model.js'
import type { AwaitingReply, DecisionRecord, FeedbackRecord, NotificationStore, StoredEvent } from '../core/notifications/ports.js'
import { ensureContacts } from './contacts.js'
import type { Database } from './dialect.js'
import { insertMessages } from './outbox.js'
import { chunk, inTransaction, type Trx } from './transaction.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import type { ContactChange, ContactUpdated } from '../core/events/domain-event.js'
import type { Instant } from '../core/shared/time.js'

/** The statuses of a message the platform has taken: from the first of them it counts as sent. */
const WENT = ['accepted', 'sent', 'delivered', 'read']

function consent(granted: number | null, source: string | null, at: number | null): ConsentRecord | null {
  return granted === null || at === null ? null : { granted: granted === 1, source: source ?? 'unknown', at }
}

/** A `contact.updated` event for a contact known by id, its phone read in the same transaction. */
async function contactUpdated(trx: Trx, contactId: string, change: ContactChange, cause: ContactUpdated['cause'], at: Instant): Promise<ContactUpdated[]> {
  const row = await trx.selectFrom('contacts').select('phone').where('id', '=', contactId).executeTakeFirst()
  return row ? [{ type: 'contact.updated', contactId, phone: row.phone as E164, change, cause, at }] : []
}

/** The NotificationStore port over Kysely, the same on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createNotificationStore(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED): NotificationStore {
  const { db } = database
  return {
    async upsertContacts(contacts, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const byPhone = await ensureContacts(trx, ids, contacts.map((c) => c.phone), now)
        for (const c of contacts) {
          const changes = {
            ...(c.name !== undefined ? { name: c.name } : {}),
            ...(c.language !== undefined ? { language: c.language } : {}),
            ...(c.timezone !== undefined ? { timezone: c.timezone } : {}),
            ...(c.externalId !== undefined ? { external_id: c.externalId } : {}),
          }
          if (Object.keys(changes).length > 0) {
            const contactId = byPhone.get(c.phone)!
            await trx.updateTable('contacts').set({ ...changes, updated_at: now }).where('id', '=', contactId).execute()
            record([{ type: 'contact.updated', contactId, phone: c.phone, change: 'profile', cause: null, at: now }])
          }
        }
        return byPhone
      })
    },
    async linkSubject(externalId, links, now) {
      return inTransaction(database, async (trx) => {
        await trx
          .insertInto('subjects')
          .values({ id: ids.next('sub'), external_id: externalId, created_at: now })
          .onConflict((oc) => oc.column('external_id').doNothing())
          .execute()
        const subject = await trx.selectFrom('subjects').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()
        for (const part of chunk(links, 200)) {
          await trx
            .insertInto('subject_contacts')
            .values(part.map((l) => ({ subject_id: subject.id, contact_id: l.contactId, role: l.role, created_at: now })))
            .onConflict((oc) => oc.columns(['subject_id', 'contact_id', 'role']).doNothing())
            .execute()
        }
        return subject.id
      })
    },
    async subjectContacts(subjectId, roles) {
      if (roles.length === 0) return []
      const rows = await db
        .selectFrom('subject_contacts')
        .select('contact_id')
        .distinct()
        .where('subject_id', '=', subjectId)
        .where('role', 'in', roles)
        .orderBy('contact_id')
        .execute()
      return rows.map((r) => r.contact_id)
    },
    async contactStates(contactIds) {
      const out = new Map<string, ContactState & { id: string; name: string | null; externalId: string | null }>()
      for (const part of chunk(contactIds, 500)) {
        const rows = await db.selectFrom('contacts').selectAll().where('id', 'in', part).execute()
        for (const r of rows) {
          out.set(r.id, {
            id: r.id,
            name: r.name ?? r.profile_name,
            externalId: r.external_id,
            phone: r.phone as E164,
            timezone: r.timezone,
            language: r.language,
            lastInboundAt: r.last_inbound_at,
            optOut: r.opt_out_at === null ? null : { granted: true, source: r.opt_out_source ?? 'unknown', at: r.opt_out_at },
            marketingConsent: consent(r.marketing_consent, r.marketing_consent_source, r.marketing_consent_at),
            onWhatsApp: r.on_whatsapp === null ? null : r.on_whatsapp === 1,
            market: null,
          })
        }
      }
      return out
    },
    async sendTimes(contactId, category, from, to) {
      // A queued or scheduled message counts at its due time. Once the platform took it, `due_at`
      // is cleared (it is no longer waiting), so it counts at when it went: its first accepted or
      // later event. `updated_at` moves with every such event, so it is never before that instant.
      const rows = await db
        .selectFrom('messages as m')
        .select((eb) => [
          'm.due_at',
          eb
            .selectFrom('message_events as e')
            .select((ee) => ee.fn.min<number>('e.at').as('at'))
            .whereRef('e.message_id', '=', 'm.id')
            .where('e.status', 'in', WENT)
            .as('went_at'),
        ])
        .where('m.contact_id', '=', contactId)
        .where('m.category', '=', category)
        .where('m.direction', '=', 'outbound')
        .where('m.status', 'not in', ['cancelled', 'failed'])
        .where((eb) =>
          eb.or([
            eb.and([eb('m.due_at', '>=', from), eb('m.due_at', '<', to)]),
            eb.and([eb('m.due_at', 'is', null), eb('m.updated_at', '>=', from), eb('m.created_at', '<', to)]),
          ]),
        )
        .execute()
      return rows
        .map((r) => (r.due_at !== null ? Number(r.due_at) : r.went_at !== null ? Number(r.went_at) : null))
        .filter((at): at is number => at !== null && at >= from && at < to)
        .sort((a, b) => a - b)
    },
    async countFreeForm(senderId, from) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sender_id', '=', senderId)
        .where('direction', '=', 'outbound')
        .where('kind', '=', 'text')
        .where('status', 'in', ['sent', 'delivered', 'read'])
        .where('created_at', '>=', from)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async getEvent(id) {
      const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) return null
      return {
        id: row.id,
        type: row.type,
        occurredAt: row.occurred_at,
        body: JSON.parse(row.body) as Record<string, unknown>,
        requestHash: row.request_hash,
        contactId: row.contact_id,
        subjectId: row.subject_id,
        receivedAt: row.received_at,
      }
    },
    async recordEvent(event: StoredEvent, decisions: DecisionRecord[], messages, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const taken = await trx
          .insertInto('events')
          .values({
            id: event.id,
            type: event.type,
            occurred_at: event.occurredAt,
            body: JSON.stringify(event.body),
            request_hash: event.requestHash,
            contact_id: event.contactId,
            subject_id: event.subjectId,
            received_at: event.receivedAt,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!taken) return 'duplicate' as const
        record(await insertMessages(trx, ids, messages, now))
        for (const part of chunk(decisions, 200)) {
          await trx
            .insertInto('notification_decisions')
            .values(
              part.map((d) => ({
                event_id: event.id,
                rule_id: d.ruleId,
                contact_id: d.contactId,
                outcome: d.outcome,
                reason: d.reason,
                detail: d.detail ? JSON.stringify(d.detail) : null,
                message_id: d.messageId,
                created_at: now,
              })),
            )
            .execute()
        }
        record([
          {
            type: 'event.decided',
            eventId: event.id,
            eventType: event.type,
            decisions: decisions.map((d) => ({ ruleId: d.ruleId, contactId: d.contactId, outcome: d.outcome, reason: d.reason, messageId: d.messageId })),
            at: now,
          },
        ])
        return 'recorded' as const
      })
    },
    async decisions(eventId) {
      const rows = await db.selectFrom('notification_decisions').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
      return rows.map((r) => ({
        ruleId: r.rule_id,
        contactId: r.contact_id,
        outcome: r.outcome,
        reason: r.reason,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
        messageId: r.message_id,
        createdAt: r.created_at,
      }))
    },
    async setOptOut(contactId, optOut, now, cause) {
      await transactWithEvents(database, changes, now, async (trx, record) => {
        await trx
          .updateTable('contacts')
          .set({ opt_out_at: optOut?.at ?? null, opt_out_source: optOut?.source ?? null, updated_at: now })
          .where('id', '=', contactId)
          .execute()
        const why = { ...(cause?.keyword !== undefined ? { keyword: cause.keyword } : {}), ...(optOut ? { source: optOut.source } : {}) }
        record(await contactUpdated(trx, contactId, optOut ? 'opt_out' : 'opt_in', why, optOut?.at ?? now))
      })
    },
    async setMarketingConsent(contactId, consentRecord, now) {
      await transactWithEvents(database, changes, now, async (trx, record) => {
        await trx
          .updateTable('contacts')
          .set({ marketing_consent: consentRecord.granted ? 1 : 0, marketing_consent_source: consentRecord.source, marketing_consent_at: consentRecord.at, updated_at: now })
          .where('id', '=', contactId)
          .execute()
        record(await contactUpdated(trx, contactId, 'marketing_consent', { source: consentRecord.source }, consentRecord.at))
      })
    },
    async markUnreachable(messageId, providerMessageId, now) {
      await transactWithEvents(database, changes, now, async (trx, record) => {
        const message = await trx
          .selectFrom('messages')
          .select('contact_id')
          .where((eb) => (messageId ? eb('id', '=', messageId) : eb('provider_message_id', '=', providerMessageId)))
          .executeTakeFirst()
        if (!message) return
        await trx.updateTable('contacts').set({ on_whatsapp: 0, updated_at: now }).where('id', '=', message.contact_id).execute()
        record(await contactUpdated(trx, message.contact_id, 'not_on_whatsapp', null, now))
      })
    },
    async setOnWhatsApp(contactId, onWhatsApp, now) {
      await db.updateTable('contacts').set({ on_whatsapp: onWhatsApp ? 1 : 0, updated_at: now }).where('id', '=', contactId).execute()
    },
    async awaitingReply(contactId, replyTo): Promise<AwaitingReply | null> {
      let query = db
        .selectFrom('messages')
        .select(['id', 'event_id', 'rule_id', 'provider_message_id', 'updated_at', 'expect_reply'])
        .where('contact_id', '=', contactId)
        .where('direction', '=', 'outbound')
        .where('event_id', 'is not', null)
        .where('expect_reply', 'is not', null)
        .where('expect_reply', '!=', 'null')
        .where('status', 'in', ['accepted', 'sent', 'delivered', 'read'])
      // A reply that quotes a message (or taps its button) belongs to that message; a plain text to the latest one.
      if (replyTo) query = query.where('provider_message_id', '=', replyTo)
      const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst()
      if (!row) return null
      return {
        messageId: row.id,
        eventId: row.event_id!,
        ruleId: row.rule_id!,
        providerMessageId: row.provider_message_id,
        sentAt: row.updated_at,
        expectReply: JSON.parse(row.expect_reply!) as AwaitingReply['expectReply'],
      }
    },
    async recordFeedback(feedback: FeedbackRecord) {
      return transactWithEvents(database, changes, feedback.at, async (trx, record) => {
        const row = await trx
          .insertInto('feedback')
          .values({
            event_id: feedback.eventId,
            rule_id: feedback.ruleId,
            message_id: feedback.messageId,
            reply_message_id: feedback.replyMessageId,
            kind: feedback.kind,
            value: feedback.value,
            at: feedback.at,
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!row) return 'duplicate' as const
        const contact = await trx
          .selectFrom('messages')
          .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
          .select('contacts.phone')
          .where('messages.id', '=', feedback.messageId)
          .executeTakeFirst()
        const { eventId, ruleId, messageId, kind, value, at } = feedback
        record([{ type: 'feedback.recorded', eventId, ruleId, messageId, phone: (contact?.phone as E164 | undefined) ?? null, kind, value, at }])
        return 'recorded' as const
      })
    },
    async feedbackForEvent(eventId) {
      const rows = await db.selectFrom('feedback').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
      return rows.map((r) => ({ eventId: r.event_id, ruleId: r.rule_id, messageId: r.message_id, replyMessageId: r.reply_message_id, kind: r.kind, value: r.value, at: r.at }))
    },
    async feedbackCounts() {
      const rows = await db
        .selectFrom('feedback')
        .select(['rule_id', 'value', sql<number>`count(*)`.as('n')])
        .groupBy(['rule_id', 'value'])
        .orderBy('rule_id')
        .orderBy('value')
        .execute()
      return rows.map((r) => ({ ruleId: r.rule_id, value: r.value, count: Number(r.n) }))
    },
  }
}
