import { describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox } from '../../src/sandbox/index.js'
import { callMessages, startFast, startReceiver, statusesOf, template, until } from './support.js'

/** Idle, reset, close, the webhook URL's life cycle, the handshake and option checks. */
describe('sandbox lifecycle', () => {
  it('sandboxOptions merges overrides into the defaults and rejects bad values', () => {
    const o = sandboxOptions({ statusDelaysMs: { sent: 1 }, faults: { batchWindowMs: 5 } })
    expect(o).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      accessToken: 'sandbox-access-token',
      appSecret: 'sandbox-app-secret',
      verifyToken: 'sandbox-verify-token',
      wabaId: '100000000000001',
      phoneNumbers: [{ id: '100000000000002', displayPhoneNumber: '15550001234', mps: 80 }],
      webhookUrl: null,
      statusDelaysMs: { sent: 1, delivered: 600, read: 1500 },
      undeliverableSuffix: '0000',
      pairRate: { burst: 45, refillEverySeconds: 6 },
      webhookRetry: { initialDelayMs: 1000, maxDelayMs: 3_600_000, giveUpAfterMs: 36 * 3_600_000, maxAttempts: null },
    })
    expect(o.faults).toEqual({ serverErrorRate: 0, extraLatencyMs: 0, dropBeforeRate: 0, dropAfterRate: 0, duplicateWebhookRate: 0, readBeforeDeliveredRate: 0, skipDeliveredRate: 0, batchWindowMs: 5 })
    expect(() => sandboxOptions({ faults: { serverErrorRate: 1.5 } })).toThrow(/faults.serverErrorRate/)
    expect(() => sandboxOptions({ phoneNumbers: [] })).toThrow(/phoneNumbers/)
    expect(() => sandboxOptions({ webhookUrl: 'not a url' })).toThrow(/webhookUrl/)
  })

  it('keeps webhooks queued without a URL, then delivers them once one is set; idle() times out meanwhile', async () => {
    const receiver = await startReceiver()
    const sb = await startFast(null)
    try {
      const wamid = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
      await until(() => sb.stats().webhooks.pending === 3, 'the three statuses to come due')
      await expect(sb.idle(50)).rejects.toThrow(/not idle.*no webhook URL/)
      expect(sb.stats().webhooks.pending).toBe(3)
      sb.setWebhookUrl(receiver.url)
      await sb.idle()
      expect(statusesOf(receiver, wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('retries a webhook target that is down and delivers once it is back', async () => {
    const receiver = await startReceiver()
    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    const sb = await startFast(null, { webhookUrl: downUrl, webhookRetry: { maxAttempts: 10, initialDelayMs: 20, maxDelayMs: 20 } })
    try {
      const wamid = await sb.userSends('+4915112345678', { text: 'hello?' })
      await until(() => sb.stats().webhooks.failedAttempts >= 2, 'two failed attempts')
      sb.setWebhookUrl(receiver.url)
      await sb.idle()
      expect(receiver.posts.filter((p) => p.raw.includes(wamid))).toHaveLength(1)
      expect(sb.stats().webhooks).toMatchObject({ acknowledged: 1, dropped: 0 })
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('keeps retrying a receiver that is down as the platform does: past any number of attempts, for minutes of its clock', async () => {
    let now = Date.UTC(2026, 10, 25, 12)
    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    // The platform's schedule with its waits shortened; no attempt limit, as on the platform.
    const sb = await startFast(null, { webhookUrl: downUrl, webhookRetry: { initialDelayMs: 1, maxDelayMs: 5 }, now: () => now })
    const receiver = await startReceiver()
    try {
      const wamid = await sb.userSends('+4915112345678', { text: 'hello?' })
      await until(() => sb.stats().webhooks.failedAttempts >= 25, '25 failed attempts')
      expect(sb.stats().webhooks).toMatchObject({ pending: 1, dropped: 0 })
      // The receiver comes back after an outage of 5 minutes: what it missed is still on its way.
      now += 5 * 60_000
      sb.setWebhookUrl(receiver.url)
      await sb.idle()
      expect(receiver.posts.filter((p) => p.raw.includes(wamid))).toHaveLength(1)
      expect(sb.stats().webhooks).toMatchObject({ acknowledged: 1, dropped: 0 })
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('drops a webhook once giveUpAfterMs of its clock has passed since it was first sent', async () => {
    let now = Date.UTC(2026, 10, 25, 12)
    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    const sb = await startFast(null, { webhookUrl: downUrl, webhookRetry: { initialDelayMs: 5, maxDelayMs: 5 }, now: () => now })
    try {
      await sb.userSends('+4915112345678', { text: 'hello?' })
      await until(() => sb.stats().webhooks.failedAttempts >= 2, 'two failed attempts')
      now += 36 * 3_600_000 - 1000
      const failed = sb.stats().webhooks.failedAttempts
      await until(() => sb.stats().webhooks.failedAttempts >= failed + 2, 'two more failed attempts')
      expect(sb.stats().webhooks).toMatchObject({ pending: 1, dropped: 0 })
      now += 1000
      await until(() => sb.stats().webhooks.dropped === 1, 'the webhook to be dropped')
      expect(sb.stats().webhooks.pending).toBe(0)
    } finally {
      await sb.close()
    }
  })

  it('reset() forgets users, windows, messages and counters and cancels pending webhooks', async () => {
    const receiver = await startReceiver()
    const sb = await startFast(receiver, { statusDelaysMs: { sent: 200, delivered: 300, read: 400 } })
    try {
      sb.setUser('+4915112345678', { readReceipts: false })
      await sb.userSends('+4915112345678', { text: 'hi' })
      const before = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
      sb.reset()
      expect(sb.accepted()).toEqual([])
      expect(sb.stats()).toMatchObject({ requests: 0, accepted: 0, inbound: 0, webhooks: { pending: 0, scheduled: 0 } })
      expect(sb.user('+4915112345678')).toMatchObject({ readReceipts: true, windowClosesAt: null })
      await sb.idle(100)
      // A message after the reset, its statuses due after the cancelled ones: once they are all
      // posted, the cancelled ones would have been too.
      const after = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
      await sb.idle()
      expect(statusesOf(receiver, before)).toEqual([])
      expect(statusesOf(receiver).map((s) => [s.id, s.status])).toEqual([
        [after, 'sent'],
        [after, 'delivered'],
        [after, 'read'],
      ])
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('verifySubscription performs the GET handshake: true when echoed, false on a wrong token or no URL', async () => {
    const receiver = await startReceiver()
    const sb = await startFast(receiver)
    try {
      expect(await sb.verifySubscription()).toBe(true)
      receiver.verifyToken = 'something-else'
      expect(await sb.verifySubscription()).toBe(false)
      sb.setWebhookUrl(null)
      expect(await sb.verifySubscription()).toBe(false)
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('close() stops the server and every timer and socket, even with webhooks pending', async () => {
    const before = countResources()
    const receiver = await startReceiver()
    receiver.answer = () => 500
    const sb = await startSandbox(
      sandboxOptions({
        webhookUrl: receiver.url,
        statusDelaysMs: { sent: 1, delivered: 5_000, read: 10_000 },
        webhookRetry: { maxAttempts: 10, initialDelayMs: 30_000, maxDelayMs: 60_000 },
        faults: { batchWindowMs: 0 },
      }),
    )
    for (let i = 0; i < 5; i++) await callMessages(sb, template(`+491511234567${i}`))
    sb.setFaults({ extraLatencyMs: 5_000 })
    const slow = callMessages(sb, template('+4915112345699')).catch(() => 'closed')
    await until(() => sb.stats().webhooks.pending > 0, 'a webhook to be pending')
    const url = sb.url
    await sb.close()
    await receiver.close()
    expect(await slow).toBe('closed')
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    // Sockets are released a moment after close() resolves: wait for the count to come down.
    const released = () => {
      const after = countResources()
      return ['Timeout', 'TCPServerWrap', 'TCPSocketWrap'].every((kind) => (after[kind] ?? 0) <= (before[kind] ?? 0))
    }
    await until(released, 'timers and sockets to be released', 5000).catch(() => undefined)
    const after = countResources()
    for (const kind of ['Timeout', 'TCPServerWrap', 'TCPSocketWrap']) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0)
  })
})

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1
  return counts
}
