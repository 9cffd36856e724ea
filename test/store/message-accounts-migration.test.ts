import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createStores } from '../../src/store/stores.js'
import { createIds } from '../../src/runtime/ids.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { ANA, outbound, T0 } from './message-fixtures.js'

const MIGRATION = '0019-message-accounts'

describeEachDatabase(`migration ${MIGRATION}`, (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it("gives every message stored before it its provider's name as account, and later ones keep the account and channel they were sent with", async () => {
    t = await openTestDatabase(dialect, { migrateBefore: MIGRATION })
    const db = t.database.db
    await sql`insert into contacts (id, phone, created_at, updated_at) values ('ct_a', '+905321110001', 0, 0)`.execute(db)
    for (const [id, direction, provider] of [['m_out', 'outbound', 'meta'], ['m_in', 'inbound', 'meta'], ['m_other', 'outbound', 'gupshup']] as const) {
      await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, kind, content, preview, status, attempts, created_at, updated_at)
        values (${id}, ${direction}, 'whatsapp', 'ct_a', 'default', ${provider}, 'text', '{"kind":"text","text":"x"}', 'x', 'sent', 0, 1, 1)`.execute(db)
    }
    await migrateToLatest(t.database)

    const rows = await db.selectFrom('messages').select(['id', 'account', 'channel']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 'm_in', account: 'meta', channel: 'whatsapp' },
      { id: 'm_other', account: 'gupshup', channel: 'whatsapp' },
      { id: 'm_out', account: 'meta', channel: 'whatsapp' },
    ])

    const stores = createStores(t.database, createIds())
    const sms = outbound(ANA, 'Lesson at 15:00', { senderId: 'school-sms', provider: 'twilio', account: 'twilio-main', channel: 'sms' })
    await stores.outbox.enqueue([sms], T0)
    await stores.ledger.recordInbound(
      [{ kind: 'inbound', providerMessageId: 'SM-in-1', fromId: ANA.slice(1), fromPhone: ANA, at: T0 + 1000, content: { kind: 'text', text: 'ok' } }],
      { id: 'school-sms', provider: 'twilio', account: 'twilio-main', channel: 'sms' },
      T0 + 1000,
    )
    const page = await stores.messages.listByContact(ANA, 10, null)
    expect(page!.items.map((m) => [m.direction, m.senderId, m.provider, m.account, m.channel])).toEqual([
      ['inbound', 'school-sms', 'twilio', 'twilio-main', 'sms'],
      ['outbound', 'school-sms', 'twilio', 'twilio-main', 'sms'],
    ])
    // An SMS opens no WhatsApp customer-service window.
    const contact = (await stores.contacts.byPhones([ANA])).get(ANA)!
    expect(contact.lastInboundAt).toBeNull()
  })
})
