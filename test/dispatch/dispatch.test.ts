import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const template = { name: 'hello_world', language: 'en_US' }

describeEachDatabase('dispatcher against the sandbox', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { PARLEY_MAX_ATTEMPTS: '4' } })
  })
  afterEach(() => {
    h.sandbox.setFaults({ serverErrorRate: 0, dropBeforeRate: 0, dropAfterRate: 0, extraLatencyMs: 0, duplicateWebhookRate: 0, skipDeliveredRate: 0, batchWindowMs: 0 })
    h.sandbox.setThroughput(h.config.senders[0]!.numberId!, 80)
  })
  afterAll(async () => h?.close())

  async function send(body: Record<string, unknown>): Promise<string> {
    const res = await h.api('POST', '/v1/messages', body)
    expect(res.status).toBe(202)
    return res.body.id
  }

  async function settle(id: string, statuses = ['read', 'failed']) {
    return eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${id}`)
      return statuses.includes(got.body.status) ? got.body : undefined
    }, 15_000, `${id} to reach ${statuses.join('/')}`)
  }

  const sendsAtSandbox = (id: string) => h.sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === id).length

  it('fails a message to a number not on WhatsApp with the platform code, after an HTTP 200', async () => {
    const id = await send({ to: '+4915112340000', template })
    const message = await settle(id)
    expect(message).toMatchObject({ status: 'failed', attempts: 1, error: { code: '131026', retryable: false } })
    expect(message.error.title).not.toBe('')
    // The failed webhook can be recorded before the dispatcher records the provider's 200: either order.
    expect(message.history.map((e: { status: string }) => e.status).sort()).toEqual(['accepted', 'failed', 'queued', 'sending'])
  })

  it('fails free-form text outside the 24-hour window with 131047, and sends it once the user wrote', async () => {
    const closed = await send({ to: '+4915112341111', text: 'Your lesson starts at 15:00' })
    expect(await settle(closed)).toMatchObject({ status: 'failed', error: { code: '131047' } })
    await h.sandbox.userSends('+4915112341111', { text: 'Hi!' })
    const open = await send({ to: '+4915112341111', text: 'Your lesson starts at 15:00' })
    expect(await settle(open)).toMatchObject({ status: 'read', error: null })
  })

  it('retries 5xx answers with backoff until the sandbox recovers', async () => {
    h.sandbox.setFaults({ serverErrorRate: 1 })
    const id = await send({ to: '+4915112342222', template })
    await eventually(async () => (await h.api('GET', `/v1/messages/${id}`)).body.attempts >= 2)
    h.sandbox.setFaults({ serverErrorRate: 0 })
    const message = await settle(id)
    expect(message.status).toBe('read')
    expect(message.attempts).toBeGreaterThanOrEqual(2)
    expect(message.history.filter((e: { status: string; error: unknown }) => e.status === 'queued' && e.error)).not.toHaveLength(0)
    expect(sendsAtSandbox(id)).toBe(1)
  })

  it('gives up after the attempt limit, keeping the last error', async () => {
    h.sandbox.setFaults({ serverErrorRate: 1 })
    const id = await send({ to: '+4915112343333', template })
    const message = await settle(id)
    expect(message).toMatchObject({ status: 'failed', attempts: 4, error: { retryable: true } })
    expect(sendsAtSandbox(id)).toBe(0)
  })

  it('backs off on throughput errors (130429) and still delivers everything once', async () => {
    // Parley sends a burst of twenty into a number the sandbox throttles at 1/s: unless Parley sent
    // slower than one a second, some are refused with 130429 and must come back after the provider's
    // hinted pause. Once one was refused the number gets its throughput back, so that how long the
    // rest takes does not depend on the machine either.
    const phoneNumberId = h.config.senders[0]!.numberId!
    h.sandbox.setThroughput(phoneNumberId, 1)
    const batch = await h.api('POST', '/v1/messages/batch', { messages: Array.from({ length: 20 }, (_, i) => ({ to: `+49151123450${String(i).padStart(2, '0')}`, template })) })
    expect(batch.body.accepted).toBe(20)
    const ids: string[] = batch.body.results.map((r: { id: string }) => r.id)
    const refused = () => h.db.database.db.selectFrom('message_events').select('message_id').where('message_id', 'in', ids).where('error_code', '=', '130429').executeTakeFirst()
    await eventually(refused, 30_000, 'a send refused with 130429')
    h.sandbox.setThroughput(phoneNumberId, 80)
    const messages = await Promise.all(ids.map((id) => settle(id)))
    expect(messages.every((m) => m.status === 'read')).toBe(true)
    expect(messages.some((m) => m.history.some((e: { error: { code: string } | null }) => e.error?.code === '130429'))).toBe(true)
    for (const id of ids) expect(sendsAtSandbox(id)).toBe(1)
  })

  it('sends one contact its messages in acceptance order, never two at once', async () => {
    const to = '+4915112346666'
    await h.sandbox.userSends(to, { text: 'open the window' })
    h.sandbox.setFaults({ extraLatencyMs: 5 })
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push(await send({ to, text: `message ${i}` }))
    await Promise.all(ids.map((id) => settle(id)))
    const order = h.sandbox
      .accepted()
      .filter((m) => ids.includes(m.bizOpaqueCallbackData ?? ''))
      .map((m) => m.bizOpaqueCallbackData)
    expect(order).toEqual(ids)
    // Each send started only after Parley knew the provider had taken the previous one: the claim
    // that made a message `sending` was written after the first record of the previous one being
    // taken (the provider's answer, or a status webhook that came first). Event ids give the order
    // of writing; the instants on events cannot, as a claim's instant is read before it waits for
    // the database and may be older than an answer recorded meanwhile.
    const events = await h.db.database.db.selectFrom('message_events').select(['id', 'message_id', 'status']).where('message_id', 'in', ids).orderBy('id').execute()
    const taken = new Set(['accepted', 'sent', 'delivered', 'read'])
    for (let i = 1; i < ids.length; i++) {
      const previousTaken = events.find((e) => e.message_id === ids[i - 1] && taken.has(e.status))
      const sending = events.find((e) => e.message_id === ids[i] && e.status === 'sending')
      expect(previousTaken, ids[i - 1]).toBeDefined()
      expect(sending, ids[i]).toBeDefined()
      expect(Number(sending!.id), `${ids[i]} claimed after ${ids[i - 1]} was taken`).toBeGreaterThan(Number(previousTaken!.id))
    }
  })

  it('never resends a message whose answer was lost after the provider took it', async () => {
    h.sandbox.setFaults({ dropAfterRate: 1 })
    const id = await send({ to: '+4915112347777', template })
    const message = await settle(id, ['read'])
    expect(message.provider_message_id).toMatch(/^wamid\./)
    h.sandbox.setFaults({ dropAfterRate: 0 })
    // The reconciler's pass at an instant past the grace period, awaited: it resends nothing of this.
    const requeued = await h.parley.dispatcher.reconcile(Date.now() + h.config.dispatch.reconcileGraceMs + 1)
    expect(requeued).not.toContain(id)
    expect(sendsAtSandbox(id)).toBe(1)
    expect((await h.api('GET', `/v1/messages/${id}`)).body.status).toBe('read')
  })

  it('sends again, once, a message whose connection broke before the provider took it', async () => {
    h.sandbox.setFaults({ dropBeforeRate: 1 })
    const id = await send({ to: '+4915112348888', template })
    await eventually(async () => (await h.api('GET', `/v1/messages/${id}`)).body.history.some((e: { error: { code: string } | null }) => e.error?.code === 'no_answer'))
    h.sandbox.setFaults({ dropBeforeRate: 0 })
    const message = await settle(id)
    expect(message.status).toBe('read')
    expect(message.history.some((e: { source: string }) => e.source === 'reconciler')).toBe(true)
    expect(sendsAtSandbox(id)).toBe(1)
  })

  it('takes duplicated, batched webhooks with a skipped delivered in its stride', async () => {
    h.sandbox.setFaults({ duplicateWebhookRate: 1, skipDeliveredRate: 1, batchWindowMs: 20 })
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => send({ to: `+49151123460${String(i).padStart(2, '0')}`, template })))
    const messages = await Promise.all(ids.map((id) => settle(id)))
    await h.sandbox.idle()
    await h.parley.processor.drain()
    expect(h.sandbox.stats().webhooks.duplicated).toBeGreaterThan(0)
    for (const id of ids) {
      const { body } = await h.api('GET', `/v1/messages/${id}`)
      expect(body.status).toBe('read')
      expect(body.history.map((e: { status: string }) => e.status).sort()).toEqual(['accepted', 'queued', 'read', 'sending', 'sent'])
    }
    expect(messages).toHaveLength(10)
  })

  it('keeps the wa_id the platform answered with (Brazil without the extra 9) and reuses it', async () => {
    const phone = '+5511987654321'
    await h.sandbox.setUser(phone, { waId: '551187654321' })
    const first = await settle(await send({ to: phone, template }))
    expect(first.status).toBe('read')
    await h.sandbox.userSends('+551187654321', { text: 'oi' })
    await eventually(async () => {
      const page = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
      return page.body.data?.some((m: { direction: string }) => m.direction === 'inbound')
    })
    const second = await settle(await send({ to: phone, text: 'olá' }))
    expect(second.status).toBe('read')
    const last = h.sandbox.accepted().at(-1)!
    expect(last.to).toBe('551187654321')
  })
})
