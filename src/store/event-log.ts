import type { SubjectRole } from '../core/contacts/model.js'
import { cancelledDecision } from '../core/notifications/cancelled-decision.js'
import type { DecisionRecord, EventLog } from '../core/notifications/ports.js'
import type { Ids } from '../core/ports.js'
import type { Instant } from '../core/shared/time.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import { upsertContactRows } from './contacts.js'
import type { Database } from './dialect.js'
import { cancelByKeysIn, insertMessages } from './outbox.js'
import { chunk, type Trx } from './transaction.js'

/** The EventLog port over Kysely, the same on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createEventLog(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED): EventLog {
  const { db } = database
  return {
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
    async recordEvent(recording, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const { event } = recording
        const taken = await trx
          .insertInto('events')
          .values({
            id: event.id,
            type: event.type,
            occurred_at: event.occurredAt,
            body: JSON.stringify(event.body),
            request_hash: event.requestHash,
            contact_id: null,
            subject_id: null,
            received_at: event.receivedAt,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!taken) return { kind: 'duplicate' as const }

        // Ids chosen for new contacts give way to the stored ones when another write created the phone first.
        const contacts = await upsertContactRows(trx, ids, recording.contacts, now)
        record(contacts.events)
        const stored = new Map(recording.contacts.map((c) => [c.id, contacts.byPhone.get(c.phone)!]))
        const idOf = (id: string | null) => (id === null ? null : (stored.get(id) ?? id))
        const subjectId = recording.subject ? await linkSubject(trx, ids, recording.subject.externalId, recording.subject.links.map((l) => ({ ...l, contactId: idOf(l.contactId)! })), now) : null
        await trx.updateTable('events').set({ contact_id: idOf(event.contactId), subject_id: subjectId }).where('id', '=', event.id).execute()

        const cancellation = await cancelByKeysIn(trx, recording.cancel.keys, recording.cancel.reason, now)
        record(cancellation.events)
        record(await insertMessages(trx, ids, recording.messages, now, changes.spend))
        const decisions: DecisionRecord[] = [
          ...cancellation.cancelled.map((messageId) => cancelledDecision(recording.cancel.keys, messageId)),
          ...recording.decisions.map((d) => ({ ...d, contactId: idOf(d.contactId) })),
        ]
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
        return { kind: 'recorded' as const, decisions }
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
  }
}

/** Creates the subject if needed and links contacts to it with their roles; returns its id. */
async function linkSubject(trx: Trx, ids: Ids, externalId: string, links: ReadonlyArray<{ contactId: string; role: SubjectRole }>, now: Instant): Promise<string> {
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
}
