import { afterEach, expect, it } from 'vitest'
import { loadConfig, type ParleyConfig } from '../../src/config.js'
import { createParley, type Parley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { eventually, FAST_ENV, TEST_API_KEY } from '../support/harness.js'

const HELLO = { to: '+4915112345678', template: { name: 'hello_world', language: 'en_US' } }

/**
 * A provider too slow for the template sync (its answers come after PARLEY_META_TIMEOUT_MS, 1 s in
 * tests). Parley started then must not answer "no such template" for templates it never loaded,
 * must sync again soon rather than at the next interval, and must keep sending with the templates
 * it has once it has them.
 */
describeEachDatabase('template sends while the provider is too slow to sync', (dialect) => {
  let db: TestDatabase
  let sandbox: Sandbox
  let parley: Parley
  afterEach(async () => {
    await parley?.close()
    await sandbox?.close()
    await db?.close()
  })

  async function start(): Promise<void> {
    db = await openTestDatabase(dialect)
    sandbox = await startSandbox(sandboxOptions({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 } }))
    sandbox.setFaults({ extraLatencyMs: 3000 })
    const base = loadConfig({ ...FAST_ENV, PARLEY_API_KEY: TEST_API_KEY })
    const config: ParleyConfig = { ...base, sandbox: { ...base.sandbox, url: sandbox.url } }
    parley = await createParley(config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database: db.database })
    await parley.apiKeys.adoptEnvironmentKey(TEST_API_KEY, Date.now())
  }

  const send = (body: unknown) =>
    parley.app!.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${TEST_API_KEY}` }, payload: body as object })

  it('answers 503 templates_unavailable with Retry-After before the first sync, and syncs again soon without being asked', async () => {
    await start()
    expect((await parley.syncTemplates()).kind).toBe('failed')

    const refused = await send(HELLO)
    expect(refused.statusCode).toBe(503)
    expect(refused.json().error).toMatchObject({ code: 'templates_unavailable', details: { retryAfterSeconds: expect.any(Number) } })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)

    // The provider recovers; the retry (seconds away, not the ten-minute interval) loads the templates.
    sandbox.setFaults({ extraLatencyMs: 0 })
    const accepted = await eventually(async () => {
      const answer = await send(HELLO)
      return answer.statusCode === 202 ? answer : undefined
    }, 30_000, 'a retried sync to load hello_world')
    expect(accepted.json()).toMatchObject({ status: 'queued' })
  }, 60_000)

  it('sends with the templates last synced while the provider is slow, and knows an unknown one is unknown', async () => {
    await start()
    sandbox.setFaults({ extraLatencyMs: 0 })
    expect((await parley.syncTemplates()).kind).toBe('synced')
    sandbox.setFaults({ extraLatencyMs: 3000 })
    expect((await parley.syncTemplates()).kind).toBe('failed')

    expect((await send(HELLO)).statusCode).toBe(202)
    const unknown = await send({ ...HELLO, template: { name: 'no_such_template', language: 'en' } })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('template_not_found')
  }, 60_000)
})
