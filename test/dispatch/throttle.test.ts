import { afterEach, beforeEach, expect, it } from 'vitest'
import { createDispatcher, type Dispatcher, type Sender } from '../../src/dispatch/dispatcher.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { createRateBucketStore } from '../../src/store/rate-buckets.js'
import { describeEachDatabase } from '../support/databases.js'
import { manualClock, sandboxMetaConfig, startHarness, type Harness } from '../support/harness.js'

const T0 = 1_800_000_000_000
/** One step of the shared clock: Parley's bucket refills 16 tokens at 80/s, the sandbox's 4 at 20/s. */
const TICK_MS = 200
const MESSAGES = 300
const template = { name: 'hello_world', language: 'en_US' }

/**
 * The scenario: the number takes 20 messages a second, Parley is configured for 80. Time is
 * a manual clock shared by Parley and the sandbox, moved only between dispatcher ticks, so what is
 * sent and refused is the same on any machine: the assertions are on outcomes, never on timings.
 */
describeEachDatabase('adaptive sending rate on throttling (130429, 131056)', (dialect) => {
  let h: Harness
  let clock: ReturnType<typeof manualClock>
  let second: { dispatcher: Dispatcher; sender: Sender; http: HttpClient }
  beforeEach(async () => {
    clock = manualClock(T0)
    h = await startHarness(dialect, { worker: false, clock, env: { PARLEY_MAX_ATTEMPTS: '3' }, sandbox: { pairRate: { burst: 2, refillEverySeconds: 6 } } })
    // A second dispatcher, as another worker process would be: its own provider client and
    // identity, sharing only the database with the first.
    const http = createHttpClient()
    const sender: Sender = { id: 'default', provider: createMetaCloudProvider(sandboxMetaConfig(h), http), ratePerSecond: 80 }
    const dispatcher = createDispatcher({
      outbox: h.parley.stores.outbox,
      limiter: createRateBucketStore(h.db.database),
      clock,
      random: () => 0.5,
      owner: 'second-worker',
      senders: [sender],
      config: h.config.dispatch,
    })
    second = { dispatcher, sender, http }
  })
  afterEach(async () => {
    await second?.http.close()
    await h?.close()
  })

  const phoneNumberId = () => h.config.senders[0]!.numberId!
  const unfinished = async () =>
    Number((await h.db.database.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow()).n)

  async function metric(name: string, labels: string): Promise<number | undefined> {
    const { body } = await h.api('GET', '/metrics')
    const line = (body as string).split('\n').find((l) => l.startsWith(`${name}{${labels}}`))
    return line === undefined ? undefined : Number(line.split(' ').at(-1))
  }

  async function enqueue(count: number, to: (i: number) => string): Promise<string[]> {
    const res = await h.api('POST', '/v1/messages/batch', { messages: Array.from({ length: count }, (_, i) => ({ to: to(i), template })) })
    expect(res.body.accepted).toBe(count)
    return res.body.results.map((r: { id: string }) => r.id)
  }

  /** Ticks the given dispatchers at the same instant, then moves the clock on, until nothing is left to send. */
  async function runUntilDone(dispatchers: Dispatcher[], maxTicks: number, tickMs = TICK_MS): Promise<void> {
    for (let tick = 0; tick < maxTicks && (await unfinished()) > 0; tick++) {
      await Promise.all(dispatchers.map((d) => d.dispatchDue(clock.now())))
      clock.advance(tickMs)
    }
  }

  async function outcomes(ids: string[]) {
    return h.db.database.db.selectFrom('messages').select(['id', 'status', 'attempts', 'provider_message_id']).where('id', 'in', ids).execute()
  }

  async function throttledEvents(ids: string[], code: string) {
    return h.db.database.db
      .selectFrom('message_events')
      .select(['message_id', 'status', 'error_title'])
      .where('message_id', 'in', ids)
      .where('error_code', '=', code)
      .execute()
  }

  it('sends everything at 20/s with Parley set to 80/s: none failed, no attempt spent on throttling, the rate shared and recovered', async () => {
    h.sandbox.setThroughput(phoneNumberId(), 20)
    const ids = await enqueue(MESSAGES, (i) => `+4915113${String(i).padStart(5, '0')}7`)
    const first = h.parley.dispatcher

    // Only the first dispatcher, until the sandbox has refused a send: its first tick spends the
    // banked burst (20 = both buckets), the second asks 16 of a number that has 4.
    for (let tick = 0; tick < 10 && !h.sandbox.stats().rejected['130429']; tick++) {
      await first.dispatchDue(clock.now())
      clock.advance(TICK_MS)
    }
    expect(h.sandbox.stats().rejected['130429']).toBeGreaterThan(0)
    // The cut is in the database: the second dispatcher, which has seen no throttle, claims at it.
    const probe = await second.dispatcher.claim(second.sender, 1, clock.now())
    await second.dispatcher.sendAndRecord(second.sender, probe.messages)
    const rateAfterThrottle = await metric('parley_sender_rate_per_second', 'sender="default"')

    await runUntilDone([first, second.dispatcher], 1000)

    const rows = await outcomes(ids)
    expect(rows.filter((m) => m.status === 'failed')).toEqual([])
    expect(rows.every((m) => ['accepted', 'sent', 'delivered', 'read'].includes(m.status) && m.provider_message_id)).toBe(true)
    expect(rows.filter((m) => m.attempts !== 1)).toEqual([])
    for (const id of ids) expect(h.sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === id)).toHaveLength(1)
    const throttled = await throttledEvents(ids, '130429')
    expect(throttled.length).toBeGreaterThan(0)
    expect(throttled.every((e) => e.status === 'queued' && /not counted as an attempt/.test(e.error_title ?? ''))).toBe(true)

    expect(probe.ratePerSecond).toBeLessThan(80)
    expect(rateAfterThrottle).toBeLessThan(80)
    expect(await metric('parley_sender_throttles_total', 'sender="default",scope="sender"')).toBeGreaterThan(0)

    // The number's limit is lifted; after a quiet spell without throttles the rate is back at 80.
    h.sandbox.setThroughput(phoneNumberId(), 80)
    const policy = h.config.dispatch.adaptiveRate
    clock.advance(policy.quietMs + policy.recoverMs)
    expect(await metric('parley_sender_rate_per_second', 'sender="default"')).toBe(80)
  }, 120_000)

  it('waits out the pair rate limit (131056) without spending attempts or slowing the number down', async () => {
    // The sandbox lets two messages through to one user, then one every 6 s.
    const to = '+4915112999999'
    const ids = await enqueue(4, () => to)
    await runUntilDone([h.parley.dispatcher], 200, 500)

    const rows = await outcomes(ids)
    expect(rows.every((m) => ['accepted', 'sent', 'delivered', 'read'].includes(m.status))).toBe(true)
    expect(rows.filter((m) => m.attempts !== 1)).toEqual([])
    expect((await throttledEvents(ids, '131056')).length).toBeGreaterThan(0)
    expect(await metric('parley_sender_throttles_total', 'sender="default",scope="recipient"')).toBeGreaterThan(0)
    expect(await metric('parley_sender_rate_per_second', 'sender="default"')).toBe(80)
  })
})
