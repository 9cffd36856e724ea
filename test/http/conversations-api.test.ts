import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const ANA = '+905321110001'
const BORA = '+905321110002'
const CEM = '+905321110003'
const enc = encodeURIComponent

describeEachDatabase('conversations API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: true })
  })
  afterAll(async () => h?.close())

  const list = async (query = '') => {
    const res = await h.api('GET', `/v1/conversations${query}`)
    expect(res.status).toBe(200)
    return res.body as { data: any[]; next_cursor: string | null }
  }
  const row = async (phone: string, query = '') => (await list(query)).data.find((c) => c.phone === phone)

  it('keeps the last message, unread count and waiting state as a parent writes and an operator answers', async () => {
    await h.api('PUT', `/v1/contacts/${enc(ANA)}`, { name: 'Ana Yılmaz', external_id: 'parent-ana' })
    expect(await row(ANA)).toBeUndefined() // no messages yet: not a conversation
    await h.sandbox.userSends(ANA, { text: 'Is the lesson on?' })
    await h.sandbox.userSends(ANA, { text: 'Hello?' })
    const written = await eventually(async () => {
      const c = await row(ANA)
      return c?.unread_count === 2 && c
    })
    expect(written).toMatchObject({
      name: 'Ana Yılmaz',
      external_id: 'parent-ana',
      last_message: { preview: 'Hello?', direction: 'inbound' },
      assignee_id: null,
      window: { open: true },
      opted_out: false,
    })
    expect(written.waiting_since).not.toBeNull()
    expect(Date.parse(written.window.closes_at) - Date.parse(written.last_message.at)).toBe(24 * 3600 * 1000)
    expect((await list('?filter=waiting')).data.map((c) => c.phone)).toContain(ANA)

    expect((await h.api('POST', '/v1/messages', { to: ANA, text: 'Yes, at 5.' })).status).toBe(202)
    const answered = await row(ANA)
    expect(answered).toMatchObject({ last_message: { preview: 'Yes, at 5.', direction: 'outbound' }, unread_count: 2, waiting_since: null })
    expect((await list('?filter=waiting')).data.map((c) => c.phone)).not.toContain(ANA)
  })

  it('marks a conversation read and sends the read receipt for the newest inbound message to the platform', async () => {
    await h.sandbox.userSends(BORA, { text: 'first' })
    const newest = await h.sandbox.userSends(BORA, { text: 'second' })
    await eventually(async () => (await row(BORA))?.unread_count === 2)
    const read = await h.api('POST', `/v1/conversations/${enc(BORA)}/read`)
    expect(read).toMatchObject({ status: 200, body: { phone: BORA, unread_count: 0, read_receipt: 'sent' } })
    expect(h.sandbox.readReceipts().filter((r) => r.messageId === newest)).toHaveLength(1)
    expect((await row(BORA)).unread_count).toBe(0)
    // Idempotent: still read, the receipt (harmless on the platform) repeated.
    expect((await h.api('POST', `/v1/conversations/${enc(BORA)}/read`)).body.unread_count).toBe(0)
    await h.sandbox.userSends(BORA, { text: 'third' })
    await eventually(async () => (await row(BORA))?.unread_count === 1)

    expect((await h.api('POST', `/v1/conversations/${enc('+905329999999')}/read`)).body.error.code).toBe('not_found')
  })

  it('assigns and unassigns, and filters by assignee and unassigned', async () => {
    await h.sandbox.userSends(CEM, { text: 'hi' })
    await eventually(async () => (await row(CEM)) !== undefined)
    const put = await h.api('PUT', `/v1/conversations/${enc(CEM)}/assignee`, { assignee_id: 'op_zeynep' })
    expect(put).toMatchObject({ status: 200, body: { phone: CEM, assignee_id: 'op_zeynep' } })
    expect((await list('?assignee=op_zeynep')).data.map((c) => c.phone)).toEqual([CEM])
    expect((await list('?filter=unassigned')).data.map((c) => c.phone)).not.toContain(CEM)
    await h.api('PUT', `/v1/conversations/${enc(CEM)}/assignee`, { assignee_id: null })
    expect((await list('?assignee=op_zeynep')).data).toEqual([])
    expect((await list('?filter=unassigned')).data.map((c) => c.phone)).toContain(CEM)
    expect((await h.api('PUT', `/v1/conversations/${enc(CEM)}/assignee`, { assignee: 'x' })).body.error.code).toBe('validation_failed')
  })

  it('searches by name prefix, phone prefix and external id; filters the opted out', async () => {
    expect((await list('?q=ana')).data.map((c) => c.phone)).toEqual([ANA])
    expect((await list('?q=ANA%20Y')).data.map((c) => c.phone)).toEqual([ANA])
    expect((await list(`?q=${enc('+90532111000')}`)).data.map((c) => c.phone).sort()).toEqual([ANA, BORA, CEM])
    expect((await list('?q=905321110002')).data.map((c) => c.phone)).toEqual([BORA])
    expect((await list('?q=parent-a')).data.map((c) => c.phone)).toEqual([ANA])
    expect((await list('?q=yilmazz')).data).toEqual([])

    await h.sandbox.userSends(CEM, { text: 'STOP' })
    await eventually(async () => (await row(CEM))?.opted_out === true)
    expect((await list('?filter=opted_out')).data.map((c) => c.phone)).toEqual([CEM])
  })

  it('pages newest activity first with a cursor that stays stable while a conversation moves to the top', async () => {
    const all = (await list()).data.map((c) => c.phone)
    expect(all).toHaveLength(3)
    const first = await list('?limit=1')
    expect(first.data.map((c) => c.phone)).toEqual([all[0]])
    // New activity on the last one moves it to the top, before the cursor: the next pages do not repeat or skip the others.
    await h.api('POST', '/v1/messages', { to: all[2], text: 'news' })
    const second = await list(`?limit=1&cursor=${first.next_cursor}`)
    expect(second).toEqual({ data: [expect.objectContaining({ phone: all[1] })], next_cursor: null })
    expect((await list()).data[0].phone).toBe(all[2])
    expect((await h.api('GET', '/v1/conversations?cursor=bogus')).body.error.code).toBe('validation_failed')
  })
})
