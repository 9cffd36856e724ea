import { afterEach, beforeEach, expect, it } from 'vitest'
import { DAY } from '../../src/core/shared/time.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'

const T0 = Date.parse('2026-11-25T10:00:00Z')
const template = { name: 'hello_world', language: 'en_US' }

// Parley and the sandbox share a clock that moves only when told: a day passes in an instant.
describeEachDatabase('messages that never hear back', (dialect) => {
  let h: Harness
  let clock: ReturnType<typeof manualClock>
  beforeEach(async () => {
    clock = manualClock(T0)
    h = await startHarness(dialect, { clock })
  })
  afterEach(async () => h?.close())

  async function send(to: string): Promise<string> {
    const res = await h.api('POST', '/v1/messages', { to, template })
    expect(res.status).toBe(202)
    return res.body.id
  }
  const get = async (id: string) => (await h.api('GET', `/v1/messages/${id}`)).body
  const reaches = (id: string, status: string) =>
    eventually(async () => {
      const message = await get(id)
      return message.status === status ? message : undefined
    }, 15_000, `${id} to be ${status}`)
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec((await h.api('GET', '/metrics')).body as string)?.[1] ?? NaN)
  const listedStale = async () => (await h.api('GET', '/v1/messages?status=stale')).body.data.map((m: { id: string }) => m.id)
  const sendsAtSandbox = (id: string) => h.sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === id).length

  it('marks stale a message the provider took but never reported on: what was last heard shows, it is counted and listed, never resent, and the late webhooks move it on', async () => {
    // The provider's status webhooks do not reach Parley: the sandbox holds them until a URL is set.
    h.sandbox.setWebhookUrl(null)
    const id = await send('+4915112347001')
    await reaches(id, 'accepted')
    expect(await h.parley.dispatcher.markStale(T0 + DAY - 1)).toEqual([])

    clock.advance(DAY + 1)
    // The worker's own sweep finds it.
    const stale = await reaches(id, 'stale')
    expect(stale.last_heard).toEqual({ status: 'accepted', at: new Date(T0).toISOString() })
    expect(stale.history.at(-1)).toMatchObject({ status: 'stale', source: 'reconciler', error: { code: 'no_final_status' } })
    expect(stale.history.at(-1).error.title).toContain(`last heard "accepted" at ${new Date(T0).toISOString()}`)
    expect(await metric('parley_messages_stale')).toBe(1)
    expect(await metric('parley_messages_stale_total')).toBe(1)
    expect(await listedStale()).toEqual([id])

    // Neither the reconciler nor the dispatcher sends it again, however late it gets.
    expect(await h.parley.dispatcher.reconcile(clock.now() + DAY)).not.toContain(id)
    expect(await h.parley.dispatcher.dispatchDue(clock.now() + DAY)).toBe(0)
    expect(sendsAtSandbox(id)).toBe(1)

    h.sandbox.setWebhookUrl(`${h.url}/webhooks/meta`)
    const read = await reaches(id, 'read')
    expect(read.last_heard).toBeNull()
    const statuses = read.history.map((e: { status: string }) => e.status)
    expect(statuses.slice(statuses.indexOf('stale'))).toEqual(['stale', 'sent', 'delivered', 'read'])
    expect(await metric('parley_messages_stale')).toBe(0)
    expect(await listedStale()).toEqual([])
    expect(sendsAtSandbox(id)).toBe(1)
  })

  it('calls stale a message last heard as sent, and leaves a delivered one alone: its read receipt may never come', async () => {
    h.sandbox.setUser('+4915112347002', { readReceipts: false })
    h.sandbox.setUser('+4915112347003', { readReceipts: false })
    const delivered = await send('+4915112347002')
    await reaches(delivered, 'delivered')
    // Only `sent` is ever reported for this one.
    h.sandbox.setFaults({ skipDeliveredRate: 1 })
    const sent = await send('+4915112347003')
    await reaches(sent, 'sent')
    await h.sandbox.idle()

    clock.advance(DAY + 1)
    const stale = await reaches(sent, 'stale')
    expect(stale.last_heard).toEqual({ status: 'sent', at: new Date(T0).toISOString() })
    expect(await h.parley.dispatcher.markStale(clock.now())).toEqual([])
    expect((await get(delivered)).status).toBe('delivered')
    expect(await listedStale()).toEqual([sent])
  })

  it('lists stale messages a page at a time and refuses a status it does not list', async () => {
    h.sandbox.setWebhookUrl(null)
    const ids = [await send('+4915112347004'), await send('+4915112347005'), await send('+4915112347006')]
    for (const id of ids) await reaches(id, 'accepted')
    clock.advance(DAY + 1)
    for (const id of ids) await reaches(id, 'stale')
    const first = await h.api('GET', '/v1/messages?status=stale&limit=2')
    expect(first.body.data.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]])
    const second = await h.api('GET', `/v1/messages?status=stale&limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`)
    expect(second.body).toMatchObject({ data: [{ id: ids[0], status: 'stale', last_heard: { status: 'accepted' } }], next_cursor: null })
    for (const query of ['status=delivered', '', 'status=stale&limit=201', 'status=stale&cursor=nope']) {
      const refused = await h.api('GET', `/v1/messages?${query}`)
      expect(refused.status, query).toBe(400)
      expect(refused.body.error.code).toBe('validation_failed')
    }
  })
})
