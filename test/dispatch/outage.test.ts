import { afterEach, expect, it } from 'vitest'
import { loadConfig, type ParleyConfig } from '../../src/config.js'
import type { NewOutboundMessage } from '../../src/core/messages/ports.js'
import { MINUTE } from '../../src/core/shared/time.js'
import { createParley, type Parley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { eventually, FAST_ENV, manualClock } from '../support/harness.js'

/**
 * Parley's API down for 5 minutes of a clock the test moves (Parley and the sandbox share it) while
 * messages it sent are in doubt: the provider's webhooks about them fail and are retried, and Parley
 * must neither resend what the provider took nor hold back for ever what it never got. The
 * grace period is the default, 2 minutes: shorter than the outage.
 */
describeEachDatabase('a webhook outage longer than the grace period', (dialect) => {
  const T0 = Date.UTC(2026, 10, 25, 12)
  let running: { db: TestDatabase; sandbox: Sandbox; parleys: Parley[] } | null = null

  afterEach(async () => {
    if (!running) return
    const { db, sandbox, parleys } = running
    running = null
    for (const parley of parleys) await parley.close()
    await sandbox.close()
    await db.close()
  })

  /** The sandbox, the database and a worker-only Parley; the API processes come and go. */
  async function start() {
    const clock = manualClock(T0)
    const db = await openTestDatabase(dialect)
    const sandbox = await startSandbox(
      sandboxOptions({
        statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
        // The platform's schedule (no attempt limit), its waits shortened so the retries come in real milliseconds.
        webhookRetry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: null },
        now: clock.now,
      }),
    )
    // The default grace period (2 minutes), not the harness's short one.
    const { PARLEY_RECONCILE_GRACE_MS: _short, ...fast } = FAST_ENV
    const base = loadConfig({ ...fast, PARLEY_API_KEY: 'pk_test_0123456789abcdefghijklmnop' })
    const config: ParleyConfig = { ...base, sandbox: { ...base.sandbox, url: sandbox.url } }
    const boot = (roles: { api: boolean; worker: boolean }) => createParley(config, { roles, logger: createLogger('silent'), database: db.database, clock })
    const worker = await boot({ api: false, worker: true })
    running = { db, sandbox, parleys: [worker] }
    const grace = config.dispatch.reconcileGraceMs

    /** A Parley serving the API and webhooks, as after a restart; the sandbox posts to it from now on. */
    async function apiUp(): Promise<Parley> {
      const api = await boot({ api: true, worker: false })
      running!.parleys.push(api)
      const url = await api.app!.listen({ host: '127.0.0.1', port: 0 })
      await api.heartbeat!.beat()
      sandbox.setWebhookUrl(`${url}/webhooks/meta`)
      return api
    }
    async function apiDown(api: Parley): Promise<void> {
      running!.parleys.splice(running!.parleys.indexOf(api), 1)
      await api.close()
    }
    async function enqueue(count: number, prefix: string): Promise<string[]> {
      const messages: NewOutboundMessage[] = Array.from({ length: count }, (_, i) => ({
        id: `msg_${prefix}_${i}`,
        to: `+49151${prefix}${String(i).padStart(4, '0')}1` as NewOutboundMessage['to'],
        market: 'DE',
        senderId: 'default',
        provider: 'meta',
        account: 'meta',
        channel: 'whatsapp',
        content: { kind: 'template', name: 'hello_world', language: 'en_US', params: [] },
        preview: 'hello',
        segments: null,
        metadata: null,
        dueAt: clock.now(),
      }))
      await worker.stores.outbox.enqueue(messages, clock.now())
      return messages.map((m) => m.id)
    }
    const rows = (ids: string[]) =>
      db.database.db.selectFrom('messages').select(['id', 'status', 'error_code']).where('id', 'in', ids).orderBy('id').execute()
    const inDoubt = async (ids: string[]) => (await rows(ids)).every((m) => m.status === 'sending' && m.error_code !== null)
    const sendsAtSandbox = (id: string) => sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === id).length
    const reconciled = async (id: string) =>
      (await db.database.db.selectFrom('message_events').select('id').where('message_id', '=', id).where('source', '=', 'reconciler').execute()).length

    return { clock, sandbox, worker, grace, apiUp, apiDown, enqueue, rows, inDoubt, sendsAtSandbox, reconciled }
  }

  it('resends none of the messages the provider took: its retried webhooks reach Parley once it is back', async () => {
    const t = await start()
    await t.apiDown(await t.apiUp())
    // The provider takes each message, but its answer is lost: Parley holds them in doubt.
    t.sandbox.setFaults({ dropAfterRate: 1 })
    const ids = await t.enqueue(3, '201')
    await eventually(() => t.inDoubt(ids), 10_000, 'the three sends to be in doubt')
    t.sandbox.setFaults({ dropAfterRate: 0 })
    // Their status webhooks find nobody to receive them, and are retried.
    await eventually(async () => t.sandbox.stats().webhooks.failedAttempts >= 3 * 3, 10_000, 'webhooks to fail')

    t.clock.advance(5 * MINUTE)
    // The lease ended long over a grace period ago, but no webhook could have come: nothing is resent.
    expect(await t.worker.dispatcher.reconcile(t.clock.now())).toEqual([])

    await t.apiUp()
    await t.sandbox.idle()
    await eventually(async () => (await t.rows(ids)).every((m) => m.status === 'read'), 10_000, 'every message to be read')
    t.clock.advance(t.grace + 2000)
    expect(await t.worker.dispatcher.reconcile(t.clock.now())).toEqual([])
    // The worker's loop would have sent any requeued message by now; the provider took each once.
    expect(ids.map((id) => t.sendsAtSandbox(id))).toEqual([1, 1, 1])
    expect((await t.rows(ids)).map((m) => m.status)).toEqual(['read', 'read', 'read'])
  })

  it('resends a message the provider never got, once Parley has been receiving webhooks for a whole grace period', async () => {
    const t = await start()
    await t.apiDown(await t.apiUp())
    // The connection breaks before the provider takes the message: nothing will ever vouch for it.
    t.sandbox.setFaults({ dropBeforeRate: 1 })
    const [id] = await t.enqueue(1, '202')
    await eventually(() => t.inDoubt([id!]), 10_000, 'the send to be in doubt')
    t.sandbox.setFaults({ dropBeforeRate: 0 })

    t.clock.advance(5 * MINUTE)
    await t.worker.dispatcher.reconcile(t.clock.now())
    expect(await t.reconciled(id!)).toBe(0)

    const api = await t.apiUp()
    const back = t.clock.now()
    // Receiving again, with a heartbeat every 2 s: still in doubt until a grace period has passed since Parley came back.
    while (t.clock.now() < back + t.grace) {
      t.clock.advance(2000)
      await api.heartbeat!.beat()
      await t.worker.dispatcher.reconcile(t.clock.now())
      if (t.clock.now() <= back + t.grace) expect(await t.reconciled(id!), `${t.clock.now() - back} ms after Parley came back`).toBe(0)
    }
    t.clock.advance(2000)
    await api.heartbeat!.beat()
    await t.worker.dispatcher.reconcile(t.clock.now())
    expect(await t.reconciled(id!)).toBe(1)
    await eventually(async () => (await t.rows([id!]))[0]?.status === 'read', 10_000, 'the resent message to be read')
    expect(t.sendsAtSandbox(id!)).toBe(1)
  })
})
