import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { metaSandboxEnv, type RunningParley, startParley } from '../support/cli.js'
import { eventually, TEST_API_KEY } from '../support/harness.js'

const MESSAGES = 5
const IN_FLIGHT = 2
/** The provider's answers come this late: far past any shutdown budget. */
const SLOW_MS = 60_000
const DEFAULT_BUDGET_MS = 10_000
const STATUS_AFTER_MS = 5_000

/**
 * `parley start` stopped by SIGTERM while the provider sits on its sends: it must be gone within
 * its budget (PARLEY_SHUTDOWN_TIMEOUT_MS, 10 s by default: a container's usual grace), with exit
 * code 0 and no lease left held, and after a restart every message must be sent once — none lost,
 * none sent twice. The provider's timeout is set past its slowness, so before the budget existed a
 * stop waited for the provider's answer (or the timeout) and took about a minute.
 */
describe('SIGTERM while the provider is slow', () => {
  let dir: string
  let sandbox: Sandbox
  let env: Record<string, string>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-shutdown-'))
    // The provider outlives both runs, so what it accepted is counted across the restart. Its status
    // webhooks come seconds after a send, after the stop: the sends cut short are truly in doubt.
    sandbox = await startSandbox(sandboxOptions({ statusDelaysMs: { sent: STATUS_AFTER_MS, delivered: STATUS_AFTER_MS + 10, read: STATUS_AFTER_MS + 20 }, webhookRetry: { maxAttempts: 200, initialDelayMs: 20, maxDelayMs: 250 } }))
    env = {
      PARLEY_DATA_DIR: dir,
      PARLEY_HOST: '127.0.0.1',
      PARLEY_PORT: '0',
      PARLEY_API_KEY: TEST_API_KEY,
      ...metaSandboxEnv(sandbox.url),
      PARLEY_META_TIMEOUT_MS: String(SLOW_MS * 2),
      PARLEY_LEASE_MS: String(4 * (SLOW_MS * 4 + 1000)),
      PARLEY_MAX_IN_FLIGHT: String(IN_FLIGHT),
      PARLEY_POLL_INTERVAL_MS: '10',
    }
  })
  afterAll(async () => {
    await sandbox?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function start(): Promise<{ running: RunningParley; api: (method: string, path: string, body?: unknown) => Promise<any> }> {
    const running = await startParley(['start'], env)
    const base = /API\s+(http:\/\/\S+)\/v1/.exec(running.stdout())![1]!
    sandbox.setWebhookUrl(`${base}/webhooks/meta`)
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, body: await response.json() }
    }
    return { running, api }
  }

  it('exits 0 within the default 10 s budget, leases released, and a restart sends every message exactly once', async () => {
    const first = await start()
    sandbox.setFaults({ extraLatencyMs: SLOW_MS })
    const ids: string[] = []
    for (let i = 0; i < MESSAGES; i++) {
      const sent = await first.api('POST', '/v1/messages', { to: `+49151123456${10 + i}`, template: { name: 'hello_world', language: 'en_US' } })
      expect(sent.status).toBe(202)
      ids.push(sent.body.id)
    }
    // The sends in flight have reached the provider, which now holds its answers back.
    await eventually(async () => sandbox.accepted().length >= IN_FLIGHT, 20_000, 'the first sends to reach the provider')

    const exited = new Promise<{ code: number | null; at: number }>((resolve) => first.running.child.once('exit', (code) => resolve({ code, at: Date.now() })))
    const signalled = Date.now()
    first.running.child.kill('SIGTERM')
    const { code, at } = await exited
    expect(code).toBe(0)
    // The budget dominates (9 s of waiting for the provider, then a cut); the margin is for a slow
    // machine's exit, and is still far below the provider's minute.
    expect(at - signalled).toBeLessThan(DEFAULT_BUDGET_MS + 5_000)

    // Nothing is held past the exit: the sends cut short are in doubt (still `sending`, their lease
    // ended, for the provider's webhooks or the reconciler to settle), the rest still queued.
    const database = openSqlite({ file: join(dir, 'parley.db') })
    const rows = await database.db.selectFrom('messages').select(['id', 'status', 'lease_until', 'error_code']).where('direction', '=', 'outbound').execute()
    await database.close()
    const inDoubt = rows.filter((r) => r.status === 'sending')
    expect(inDoubt).toHaveLength(IN_FLIGHT)
    for (const row of inDoubt) expect(row, JSON.stringify(row)).toMatchObject({ error_code: 'no_answer', lease_until: expect.any(Number) })
    for (const row of inDoubt) expect(row.lease_until).toBeLessThanOrEqual(at)
    expect(rows.filter((r) => r.status === 'queued' && r.lease_until === null)).toHaveLength(MESSAGES - IN_FLIGHT)

    sandbox.setFaults({ extraLatencyMs: 0 })
    const second = await start()
    try {
      for (const id of ids) {
        await eventually(async () => (await second.api('GET', `/v1/messages/${id}`)).body.status === 'read', 60_000, `message ${id} to be read`)
      }
      const accepted = sandbox.accepted().map((m) => m.bizOpaqueCallbackData)
      expect([...accepted].sort()).toEqual([...ids].sort())
    } finally {
      await second.running.stop()
    }
  }, 150_000)
})
