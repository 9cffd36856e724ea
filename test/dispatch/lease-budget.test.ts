import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDispatcher } from '../../src/dispatch/dispatcher.js'
import { createHttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { systemClock } from '../../src/runtime/clock.js'
import { createRateBucketStore } from '../../src/store/rate-buckets.js'
import { describeEachDatabase } from '../support/databases.js'
import { sandboxMetaConfig, startHarness, type Harness } from '../support/harness.js'

describeEachDatabase('lease budget', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
  })
  afterAll(async () => h?.close())

  function dispatcherWith(leaseMs: number, sendBudgetMs: number) {
    const http = createHttpClient()
    const provider = createMetaCloudProvider(sandboxMetaConfig(h), http)
    const dispatcher = createDispatcher({
      outbox: h.parley.stores.outbox,
      limiter: createRateBucketStore(h.db.database),
      clock: systemClock,
      random: () => 0.5,
      owner: 'test-worker',
      senders: [{ id: 'default', provider, ratePerSecond: 80 }],
      config: { ...h.config.dispatch, leaseMs, sendBudgetMs },
    })
    return { dispatcher, http }
  }

  it('does not send a message whose lease could end during the call, and queues it again uncounted', async () => {
    const res = await h.api('POST', '/v1/messages', { to: '+4915112345670', template: { name: 'hello_world', language: 'en_US' } })
    const { dispatcher, http } = dispatcherWith(1000, 5000)
    try {
      expect(await dispatcher.dispatchDue(Date.now())).toBe(1)
    } finally {
      await http.close()
    }
    const message = (await h.api('GET', `/v1/messages/${res.body.id}`)).body
    expect(message).toMatchObject({ status: 'queued', attempts: 0 })
    expect(message.history.at(-1)).toMatchObject({ status: 'queued', error: { code: 'released' } })
    expect(h.sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === res.body.id)).toHaveLength(0)

    const normal = dispatcherWith(60_000, 5000)
    try {
      expect(await normal.dispatcher.dispatchDue(Date.now())).toBe(1)
    } finally {
      await normal.http.close()
    }
    expect((await h.api('GET', `/v1/messages/${res.body.id}`)).body).toMatchObject({ status: 'accepted', attempts: 1 })
  })
})
