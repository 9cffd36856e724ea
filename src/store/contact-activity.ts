import type { SubjectRole } from '../core/contacts/model.js'
import type { ContactActivity, ContactDecision, ContactEvent } from '../core/inbox/contact-activity.js'
import type { DecisionOutcome } from '../core/notifications/ports.js'
import type { Database } from './dialect.js'

/** The ContactActivity port over Kysely, on the indexes of migrations 0004 and 0017. */
export function createContactActivity(database: Database): ContactActivity {
  const { db } = database
  const contactId = async (phone: string) => (await db.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst())?.id ?? null

  return {
    async subjects(phone) {
      const id = await contactId(phone)
      if (id === null) return null
      const rows = await db
        .selectFrom('subject_contacts')
        .innerJoin('subjects', 'subjects.id', 'subject_contacts.subject_id')
        .select(['subjects.external_id', 'subject_contacts.role', 'subject_contacts.created_at'])
        .where('subject_contacts.contact_id', '=', id)
        .orderBy('subject_contacts.created_at')
        .orderBy('subjects.external_id')
        .execute()
      return rows.map((r) => ({ externalId: r.external_id, role: r.role as SubjectRole, linkedAt: Number(r.created_at) }))
    },

    async events(phone, limit) {
      const id = await contactId(phone)
      if (id === null) return null
      // Index reads, each bounded by the limit: events posted for the contact, about a subject it is
      // linked to (a student's events concern the guardians even when no rule wrote to them), and
      // decisions naming it.
      const posted = await db.selectFrom('events').select(['id', 'received_at']).where('contact_id', '=', id).orderBy('received_at', 'desc').limit(limit).execute()
      const subjectIds = db.selectFrom('subject_contacts').select('subject_id').where('contact_id', '=', id)
      const aboutSubjects = await db.selectFrom('events').select(['id']).where('subject_id', 'in', subjectIds).orderBy('received_at', 'desc').limit(limit).execute()
      const decided = await db
        .selectFrom('notification_decisions')
        .select(['event_id'])
        .where('contact_id', '=', id)
        .orderBy('id', 'desc')
        .limit(limit * 4)
        .execute()
      const ids = [...new Set([...posted.map((p) => p.id), ...aboutSubjects.map((e) => e.id), ...decided.map((d) => d.event_id)])]
      if (ids.length === 0) return []
      const events = await db
        .selectFrom('events')
        .select(['id', 'type', 'occurred_at', 'received_at'])
        .where('id', 'in', ids)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      const decisions = await db
        .selectFrom('notification_decisions as d')
        .leftJoin('messages as m', 'm.id', 'd.message_id')
        .select(['d.event_id', 'd.rule_id', 'd.outcome', 'd.reason', 'd.detail', 'd.message_id', 'd.created_at', 'm.preview', 'm.status'])
        .where('d.event_id', 'in', events.map((e) => e.id))
        .where((eb) => eb.or([eb('d.contact_id', '=', id), eb('d.contact_id', 'is', null)]))
        .orderBy('d.id')
        .execute()
      const byEvent = new Map<string, ContactDecision[]>()
      for (const d of decisions) {
        const list = byEvent.get(d.event_id) ?? []
        list.push({
          ruleId: d.rule_id,
          outcome: d.outcome as DecisionOutcome,
          reason: d.reason,
          detail: d.detail ? (JSON.parse(d.detail) as Record<string, unknown>) : null,
          message: d.message_id ? { id: d.message_id, preview: d.preview ?? '', status: d.status ?? 'unknown' } : null,
          decidedAt: Number(d.created_at),
        })
        byEvent.set(d.event_id, list)
      }
      return events.map((e): ContactEvent => ({
        id: e.id,
        type: e.type,
        occurredAt: Number(e.occurred_at),
        receivedAt: Number(e.received_at),
        decisions: byEvent.get(e.id) ?? [],
      }))
    },
  }
}
