import { sql, type Selectable } from 'kysely'
import type { AttributeValue, ConsentRecord, ContactInput, ContactProfile } from '../core/contacts/model.js'
import { phoneFromDigits, type E164 } from '../core/contacts/phone.js'
import type { ContactChange, ContactUpdated } from '../core/events/domain-event.js'
import type { Ids } from '../core/ports.js'
import type { Instant } from '../core/shared/time.js'
import type { ContactsTable } from './schema.js'
import { chunk, type Trx } from './transaction.js'

/*
 * Contact rows, in the caller's transaction: the one place that reads and writes the contacts
 * table. The Contacts port (contacts-store.ts), the outbox, the status ledger and the event log
 * all go through these.
 */

type ContactRow = Selectable<ContactsTable>

function consent(granted: number | null, source: string | null, at: number | null): ConsentRecord | null {
  return granted === null || at === null ? null : { granted: granted === 1, source: source ?? 'unknown', at: Number(at) }
}

/** A stored row as the core's contact. */
export function profileOf(r: ContactRow): ContactProfile {
  return {
    id: r.id,
    phone: r.phone as E164,
    name: r.name ?? r.profile_name,
    externalId: r.external_id,
    providerUserId: r.provider_user_id,
    timezone: r.timezone,
    language: r.language,
    lastInboundAt: r.last_inbound_at === null ? null : Number(r.last_inbound_at),
    optOut: r.opt_out_at === null ? null : { granted: true, source: r.opt_out_source ?? 'unknown', at: Number(r.opt_out_at) },
    marketingConsent: consent(r.marketing_consent, r.marketing_consent_source, r.marketing_consent_at),
    onWhatsApp: r.on_whatsapp === null ? null : r.on_whatsapp === 1,
    market: null,
    tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
    attributes: r.attributes ? (JSON.parse(r.attributes) as Record<string, AttributeValue>) : {},
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

/** The contacts with these ids. */
export async function readContacts(trx: Pick<Trx, 'selectFrom'>, contactIds: readonly string[]): Promise<Map<string, ContactProfile>> {
  const out = new Map<string, ContactProfile>()
  for (const part of chunk([...new Set(contactIds)], 500)) {
    for (const r of await trx.selectFrom('contacts').selectAll().where('id', 'in', part).execute()) out.set(r.id, profileOf(r))
  }
  return out
}

/** The known contacts among these phones. */
export async function readContactsByPhone(trx: Pick<Trx, 'selectFrom'>, phones: readonly string[]): Promise<Map<E164, ContactProfile>> {
  const out = new Map<E164, ContactProfile>()
  for (const part of chunk([...new Set(phones)], 500)) {
    for (const r of await trx.selectFrom('contacts').selectAll().where('phone', 'in', part).execute()) out.set(r.phone as E164, profileOf(r))
  }
  return out
}

/** Where the dispatcher sends each contact's messages: the phone, and the provider's user id when known. */
export async function recipientsOf(trx: Trx, contactIds: readonly string[]): Promise<Map<string, { phone: E164; providerUserId: string | null }>> {
  const rows = await trx.selectFrom('contacts').select(['id', 'phone', 'provider_user_id']).where('id', 'in', [...new Set(contactIds)]).execute()
  return new Map(rows.map((c) => [c.id, { phone: c.phone as E164, providerUserId: c.provider_user_id }]))
}

/** A `contact.updated` event for a contact known by id, its phone read in the same transaction. */
export async function contactUpdated(trx: Trx, contactId: string, change: ContactChange, cause: ContactUpdated['cause'], at: Instant): Promise<ContactUpdated[]> {
  const row = await trx.selectFrom('contacts').select('phone').where('id', '=', contactId).executeTakeFirst()
  return row ? [{ type: 'contact.updated', contactId, phone: row.phone as E164, change, cause, at }] : []
}

/** Records a contact's marketing consent (granted or withdrawn) and returns its `contact.updated` event. */
export async function writeMarketingConsent(trx: Trx, contactId: string, record: ConsentRecord, now: Instant): Promise<ContactUpdated[]> {
  await trx
    .updateTable('contacts')
    .set({ marketing_consent: record.granted ? 1 : 0, marketing_consent_source: record.source, marketing_consent_at: record.at, updated_at: now })
    .where('id', '=', contactId)
    .execute()
  return contactUpdated(trx, contactId, 'marketing_consent', { source: record.source }, record.at)
}

/**
 * Creates or updates contacts by phone: a new one takes the id given with it (else a fresh one);
 * a phone already stored keeps its id. Fields left out stay as they are. Returns phone → id and the
 * `contact.updated` events of the contacts whose profile changed.
 */
export async function upsertContactRows(
  trx: Trx,
  ids: Ids,
  contacts: ReadonlyArray<ContactInput & { id?: string }>,
  now: Instant,
): Promise<{ byPhone: Map<E164, string>; events: ContactUpdated[] }> {
  const proposed = new Map<string, string>()
  for (const c of contacts) if (!proposed.has(c.phone)) proposed.set(c.phone, c.id ?? ids.next('ct'))
  for (const part of chunk([...proposed], 500)) {
    await trx
      .insertInto('contacts')
      .values(part.map(([phone, id]) => ({ id, phone, created_at: now, updated_at: now })))
      .onConflict((oc) => oc.column('phone').doNothing())
      .execute()
  }
  const byPhone = new Map<E164, string>()
  for (const part of chunk([...proposed.keys()], 500)) {
    for (const row of await trx.selectFrom('contacts').select(['id', 'phone']).where('phone', 'in', part).execute()) byPhone.set(row.phone as E164, row.id)
  }
  const events: ContactUpdated[] = []
  for (const c of contacts) {
    const changes = {
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.language !== undefined ? { language: c.language } : {}),
      ...(c.timezone !== undefined ? { timezone: c.timezone } : {}),
      ...(c.externalId !== undefined ? { external_id: c.externalId } : {}),
      ...(c.tags !== undefined ? { tags: JSON.stringify([...new Set(c.tags)]) } : {}),
      ...(c.attributes !== undefined ? { attributes: JSON.stringify(c.attributes) } : {}),
      ...(c.onWhatsApp !== undefined ? { on_whatsapp: c.onWhatsApp ? 1 : 0 } : {}),
    }
    if (Object.keys(changes).length === 0) continue
    const contactId = byPhone.get(c.phone)!
    await trx.updateTable('contacts').set({ ...changes, updated_at: now }).where('id', '=', contactId).execute()
    events.push({ type: 'contact.updated', contactId, phone: c.phone, change: 'profile', cause: null, at: now })
  }
  return { byPhone, events }
}

/** Finds or creates a contact per phone number; returns phone → contact id. */
export async function ensureContacts(trx: Trx, ids: Ids, phones: Iterable<string>, now: Instant): Promise<Map<string, string>> {
  const unique = [...new Set(phones)]
  const byPhone = new Map<string, string>()
  for (const part of chunk(unique, 500)) {
    await trx
      .insertInto('contacts')
      .values(part.map((phone) => ({ id: ids.next('ct'), phone, created_at: now, updated_at: now })))
      .onConflict((oc) => oc.column('phone').doNothing())
      .execute()
    const rows = await trx.selectFrom('contacts').select(['id', 'phone']).where('phone', 'in', part).execute()
    for (const row of rows) byPhone.set(row.phone, row.id)
  }
  return byPhone
}

/**
 * Records that contacts are known to the provider by these ids (which can differ from the phone,
 * e.g. Brazil's numbers without the extra 9), keeping every id ever seen.
 */
export async function rememberProviderUserIds(
  trx: Trx,
  entries: ReadonlyArray<{ contactId: string; provider: string; providerUserId: string }>,
  now: Instant,
): Promise<void> {
  for (const part of chunk(entries, 200)) {
    await trx
      .insertInto('contact_provider_ids')
      .values(part.map((e) => ({ provider: e.provider, provider_user_id: e.providerUserId, contact_id: e.contactId, created_at: now })))
      .onConflict((oc) => oc.columns(['provider', 'provider_user_id']).doNothing())
      .execute()
    const values = sql.join(part.map((e) => sql`(${e.contactId}, ${e.providerUserId})`))
    await sql`
      with v(id, provider_user_id) as (values ${values})
      update contacts set provider_user_id = v.provider_user_id, updated_at = ${now}
      from v
      where contacts.id = v.id and (contacts.provider_user_id is null or contacts.provider_user_id <> v.provider_user_id)`.execute(trx)
  }
}

/** One contact's provider id (see rememberProviderUserIds). */
export async function rememberProviderUserId(trx: Trx, contactId: string, provider: string, providerUserId: string, now: Instant): Promise<void> {
  await rememberProviderUserIds(trx, [{ contactId, provider, providerUserId }], now)
}

/** The contact an inbound provider user id belongs to: by id mapping first, then by phone, else a new one. */
export async function resolveInboundContact(
  trx: Trx,
  ids: Ids,
  provider: string,
  providerUserId: string,
  phone: string | undefined,
  now: Instant,
): Promise<string> {
  const mapped = await trx
    .selectFrom('contact_provider_ids')
    .select('contact_id')
    .where('provider', '=', provider)
    .where('provider_user_id', '=', providerUserId)
    .executeTakeFirst()
  if (mapped) return mapped.contact_id
  const byPhone = await ensureContacts(trx, ids, [phone ?? phoneFromDigits(providerUserId)], now)
  const contactId = [...byPhone.values()][0]!
  await rememberProviderUserId(trx, contactId, provider, providerUserId, now)
  return contactId
}
