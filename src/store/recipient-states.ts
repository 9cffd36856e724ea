import type { E164 } from '../core/contacts/phone.js'
import type { RecipientState } from '../core/messages/ports.js'
import type { Database } from './dialect.js'
import { chunk } from './transaction.js'

/** What a direct send needs to know about each known recipient: language, opt-out, last message. */
export async function recipientStates(database: Database, phones: E164[]): Promise<Map<E164, RecipientState>> {
  const out = new Map<E164, RecipientState>()
  for (const part of chunk([...new Set(phones)], 500)) {
    const rows = await database.db
      .selectFrom('contacts')
      .select(['phone', 'language', 'opt_out_at', 'opt_out_source', 'last_inbound_at'])
      .where('phone', 'in', part)
      .execute()
    for (const row of rows) {
      out.set(row.phone as E164, {
        language: row.language,
        optOut: row.opt_out_at === null ? null : { at: Number(row.opt_out_at), source: row.opt_out_source ?? 'unknown' },
        lastInboundAt: row.last_inbound_at === null ? null : Number(row.last_inbound_at),
      })
    }
  }
  return out
}
