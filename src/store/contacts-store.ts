import type { Contacts } from '../core/contacts/ports.js'
import type { Ids } from '../core/ports.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import { contactUpdated, readContacts, readContactsByPhone, upsertContactRows, writeMarketingConsent } from './contacts.js'
import type { Database } from './dialect.js'

/** The Contacts port over Kysely, the same on SQLite and PostgreSQL. Its changes go to `changes`. */
export function createContacts(database: Database, ids: Ids, changes: ChangeRecorder = UNRECORDED): Contacts {
  const { db } = database
  return {
    async upsert(contacts, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const { byPhone, events } = await upsertContactRows(trx, ids, contacts, now)
        record(events)
        return byPhone
      })
    },
    async save(update, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const { marketingConsent, ...profile } = update
        const { byPhone, events } = await upsertContactRows(trx, ids, [profile], now)
        record(events)
        const contactId = byPhone.get(update.phone)!
        if (marketingConsent) record(await writeMarketingConsent(trx, contactId, marketingConsent, now))
        return (await readContacts(trx, [contactId])).get(contactId)!
      })
    },
    byIds: (contactIds) => readContacts(db, contactIds),
    byPhones: (phones) => readContactsByPhone(db, phones),
    async linkedTo(subjectExternalId, roles) {
      if (roles.length === 0) return []
      const rows = await db
        .selectFrom('subject_contacts')
        .innerJoin('subjects', 'subjects.id', 'subject_contacts.subject_id')
        .select('subject_contacts.contact_id')
        .distinct()
        .where('subjects.external_id', '=', subjectExternalId)
        .where('subject_contacts.role', 'in', roles)
        .orderBy('subject_contacts.contact_id')
        .execute()
      return rows.map((r) => r.contact_id)
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
      await transactWithEvents(database, changes, now, async (trx, record) => record(await writeMarketingConsent(trx, contactId, consentRecord, now)))
    },
    async markUnreachable(messageId, providerMessageId, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const message = await trx
          .selectFrom('messages')
          .select(['contact_id', 'channel'])
          .where((eb) => (messageId ? eb('id', '=', messageId) : eb('provider_message_id', '=', providerMessageId)))
          .executeTakeFirst()
        if (!message || message.channel !== 'whatsapp') return false
        await trx.updateTable('contacts').set({ on_whatsapp: 0, updated_at: now }).where('id', '=', message.contact_id).execute()
        record(await contactUpdated(trx, message.contact_id, 'not_on_whatsapp', null, now))
        return true
      })
    },
    async setOnWhatsApp(contactId, onWhatsApp, now) {
      await db.updateTable('contacts').set({ on_whatsapp: onWhatsApp ? 1 : 0, updated_at: now }).where('id', '=', contactId).execute()
    },
  }
}
