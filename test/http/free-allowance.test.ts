import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/*
 * From 1 Oct 2026 a number's first 1,000 free-form messages of a month are free, the later ones
 * charged (docs/platform.md §6.1). The accept path counts what the sender's estimates already put
 * into the allowance this month: here 999 earlier messages, so of two replies sent together the
 * first is the 1,000th (free) and the second is charged at Brazil's service rate, US$0.0068.
 * The machine's clock is after 1 Oct 2026 (card meta-pmp-2026-10).
 */
const PARENT = '+5511987652001'

describeEachDatabase("the month's free allowance at accept", (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  it('prices the 1,001st free-form message of the month, and only it, as charged', async () => {
    const db = h.db.database.db
    const now = Date.now()
    await sql`insert into contacts (id, phone, created_at, updated_at) values ('ct_earlier', '+5511987652999', ${now}, ${now})`.execute(db)
    for (let i = 0; i < 999; i += 333) {
      const rows = Array.from({ length: 333 }, (_, j) => sql`(${`m_earlier_${i + j}`}, 'outbound', 'whatsapp', 'ct_earlier', 'default', 'meta', 'meta', 'text', '{}', 'x', 'read', 1, 0, 0, 'USD', 'service', 'free_allowance', 'meta-pmp-2026-10', 'open', ${now - 1}, ${now - 1})`)
      await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts,
          cost_estimated_platform_micros, cost_estimated_provider_micros, cost_estimated_currency, cost_estimated_category, cost_estimated_reason, cost_estimated_card, cost_window, created_at, updated_at)
        values ${sql.join(rows)}`.execute(db)
    }
    await h.sandbox.userSends(PARENT, { text: 'Can we move the lesson?' })
    await eventually(async () => ((await h.api('GET', `/v1/contacts/${encodeURIComponent(PARENT)}`)).body.last_inbound_at ? true : undefined), 10_000, 'the window to open')

    const sent = await h.api('POST', '/v1/messages/batch', { messages: [{ to: PARENT, text: 'Yes, to Friday.' }, { to: PARENT, text: 'Same time.' }] })
    expect(sent.status).toBe(202)
    expect(sent.body.results.map((r: { cost: unknown }) => r.cost)).toEqual([
      { estimated_micros: 0, platform_micros: 0, provider_micros: 0, currency: 'USD', category: 'service', reason: 'free_allowance', card: 'meta-pmp-2026-10' },
      { estimated_micros: 6_800, platform_micros: 6_800, provider_micros: 0, currency: 'USD', category: 'service', reason: 'charged', card: 'meta-pmp-2026-10' },
    ])
    // And the next one alone: the allowance is used up.
    const next = await h.api('POST', '/v1/messages', { to: PARENT, text: 'See you.' })
    expect(next.body.cost).toMatchObject({ platform_micros: 6_800, reason: 'charged' })
  })
})
