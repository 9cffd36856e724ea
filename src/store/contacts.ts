import type { Ids } from '../core/ports.js'
import { phoneFromDigits } from '../core/contacts/phone.js'
import type { Instant } from '../core/shared/time.js'
import { sql } from 'kysely'
import { chunk, type Trx } from './transaction.js'

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
