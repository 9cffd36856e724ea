import { afterEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, scripted, startFast, startReceiver, statusesOf, template, until, type Receiver } from './support.js'

function statusesOfPost(body: any): number {
  return body.entry[0].changes.reduce((n: number, c: { value: { statuses: unknown[] } }) => n + c.value.statuses.length, 0)
}

/** Every fault knob, made deterministic with an injected `random` (or a rate of 0/1, which draws nothing). */
describe('sandbox faults', () => {
  let sb: Sandbox | undefined
  let receiver: Receiver | undefined
  afterEach(async () => {
    await sb?.close()
    await receiver?.close()
    sb = undefined
    receiver = undefined
  })

  it('serverErrorRate: answers 500/503 with Meta error codes and sends nothing', async () => {
    // Draws per send: serverError chance, then which code (0.1 → 131000, 0.5 → 131016, 0.9 → 2); 0.99 passes.
    sb = await startFast(null, { faults: { serverErrorRate: 0.5 }, random: scripted([0.1, 0.1, 0.2, 0.5, 0.3, 0.9, 0.99]) })
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await callMessages(sb, template('+4915112345678')))
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual([
      [500, 131000],
      [503, 131016],
      [503, 2],
      [200, undefined],
    ])
    expect(answers[0]!.body.error).toMatchObject({ type: 'OAuthException', error_data: { messaging_product: 'whatsapp', details: expect.any(String) } })
    expect(sb.accepted()).toHaveLength(1)
    expect(sb.stats()).toMatchObject({ faults: { serverErrors: 3 }, accepted: 1 })
  })

  it('dropBeforeRate: destroys the connection and sends nothing', async () => {
    sb = await startFast(null, { faults: { dropBeforeRate: 0.5 }, random: scripted([0.2, 0.8]) })
    await expect(callMessages(sb, template('+4915112345678'))).rejects.toThrow()
    expect(sb.accepted()).toHaveLength(0)
    expect((await callMessages(sb, template('+4915112345678'))).status).toBe(200)
    expect(sb.stats().faults.droppedBefore).toBe(1)
  })

  it('dropAfterRate: destroys the connection after accepting; webhooks still follow (the in-doubt case)', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { faults: { dropAfterRate: 1 } })
    await expect(callMessages(sb, template('+4915112345678', 'hello_world', { biz_opaque_callback_data: 'in-doubt' }))).rejects.toThrow()
    const [accepted] = sb.accepted()
    expect(accepted).toMatchObject({ bizOpaqueCallbackData: 'in-doubt' })
    await sb.idle()
    expect(statusesOf(receiver, accepted!.wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    expect(sb.stats().faults.droppedAfter).toBe(1)
  })

  it('extraLatencyMs: delays every send response', async () => {
    sb = await startFast(null, { faults: { extraLatencyMs: 120 } })
    const started = performance.now()
    expect((await callMessages(sb, template('+4915112345678'))).status).toBe(200)
    expect((await callMessages(sb, template('+4915112345678'), { token: 'bad' })).status).toBe(401)
    expect(performance.now() - started).toBeGreaterThanOrEqual(235)
  })

  it('duplicateWebhookRate: posts the same signed bytes twice', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { faults: { duplicateWebhookRate: 1 } })
    const wamid = await sb.userSends('+4915112345678', { text: 'twice' })
    await sb.idle()
    const copies = receiver.posts.filter((p) => p.raw.includes(wamid))
    expect(copies).toHaveLength(2)
    expect(copies[0]!.raw).toBe(copies[1]!.raw)
    expect(copies[0]!.headers['x-hub-signature-256']).toBe(copies[1]!.headers['x-hub-signature-256'])
    expect(sb.stats().webhooks.duplicated).toBe(1)
  })

  it('readBeforeDeliveredRate: posts read before delivered, timestamps still in event order', async () => {
    receiver = await startReceiver()
    // Draws per message: skipDelivered (0.9 → no), readBeforeDelivered (0.1 → yes).
    sb = await startFast(receiver, { faults: { readBeforeDeliveredRate: 0.5, skipDeliveredRate: 0.5 }, random: scripted([0.9, 0.1]) })
    const wamid = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
    await sb.idle()
    const statuses = statusesOf(receiver, wamid)
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'read', 'delivered'])
    expect(Number(statuses[2].timestamp)).toBeLessThanOrEqual(Number(statuses[1].timestamp))
    expect(statuses[2].pricing).toBeDefined()
    expect(statuses[1].pricing).toBeUndefined()
  })

  it('skipDeliveredRate: never posts delivered; read carries the pricing', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { faults: { skipDeliveredRate: 0.5 }, random: scripted([0.1]) })
    const skipped = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
    const normal = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
    await sb.idle()
    const statuses = statusesOf(receiver, skipped)
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'read'])
    expect(statuses[1].pricing).toMatchObject({ pricing_model: 'PMP', category: 'utility' })
    expect(statusesOf(receiver, normal).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
  })

  it('batchWindowMs: statuses of a window share one POST, one change per business number', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, {
      statusDelaysMs: { sent: 0, delivered: 0, read: 0 },
      faults: { batchWindowMs: 60 },
      phoneNumbers: [
        { id: '100000000000002', displayPhoneNumber: '15550001234', mps: 80 },
        { id: '100000000000003', displayPhoneNumber: '15550001235', mps: 80 },
      ],
    })
    const a = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
    const b = (await callMessages(sb, template('+4915112345679'))).body.messages[0].id
    const c = (await callMessages(sb, template('+4915112345670'), { phoneNumberId: '100000000000003' })).body.messages[0].id
    await sb.idle()
    expect(receiver.posts).toHaveLength(1)
    const changes = receiver.posts[0]!.body.entry[0].changes
    expect(changes.map((ch: { value: { metadata: { phone_number_id: string } } }) => ch.value.metadata.phone_number_id)).toEqual(['100000000000002', '100000000000003'])
    expect(changes[0].value.statuses).toHaveLength(6)
    expect(changes[1].value.statuses).toHaveLength(3)
    for (const id of [a, b, c]) expect(statusesOf(receiver, id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
  })

  it('batchWindowMs: splits a window holding more than 1,000 statuses over several POSTs', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { statusDelaysMs: { sent: 0, delivered: 0, read: 0 }, faults: { batchWindowMs: 1000 } })
    sb.setThroughput('100000000000002', 10_000)
    await Promise.all(Array.from({ length: 400 }, (_, i) => callMessages(sb!, template(`+4915112${String(i).padStart(5, '0')}1`))))
    await sb.idle()
    expect(receiver.posts.map((p) => statusesOfPost(p.body))).toEqual([1000, 200])
  })

  it('duplicateWebhookRate with a scripted random: only the drawn webhooks are doubled', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { faults: { duplicateWebhookRate: 0.5 }, random: scripted([0.2, 0.7, 0.4]) })
    const ids = [
      await sb.userSends('+4915112345671', { text: 'one' }),
      await sb.userSends('+4915112345672', { text: 'two' }),
      await sb.userSends('+4915112345673', { text: 'three' }),
    ]
    await sb.idle()
    expect(ids.map((id) => receiver!.posts.filter((p) => p.raw.includes(id)).length)).toEqual([2, 1, 2])
  })

  it('setFaults changes behaviour at run time and validates rates', async () => {
    sb = await startFast(null)
    sb.setFaults({ serverErrorRate: 1 })
    expect((await callMessages(sb, template('+4915112345678'))).status).toBeGreaterThanOrEqual(500)
    sb.setFaults({ serverErrorRate: 0 })
    expect((await callMessages(sb, template('+4915112345678'))).status).toBe(200)
    expect(() => sb!.setFaults({ dropAfterRate: 2 })).toThrow(/dropAfterRate/)
    expect(sb.options.faults.dropAfterRate).toBe(0)
  })

  it('turning batching off posts what the window held at once', async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver, { statusDelaysMs: { sent: 0, delivered: 0, read: 0 }, faults: { batchWindowMs: 10_000 } })
    await callMessages(sb, template('+4915112345678'))
    await until(() => sb!.stats().webhooks.batched === 3, 'the three statuses to be held in the window')
    expect(receiver.posts).toHaveLength(0)
    sb.setFaults({ batchWindowMs: 0 })
    await sb.idle()
    expect(statusesOf(receiver)).toHaveLength(3)
  })
})
