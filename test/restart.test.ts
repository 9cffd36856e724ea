import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminKey } from '../src/cli/api-key.js'
import { sandboxOptionsFor, sandboxStateFile } from '../src/cli/sandbox-options.js'
import { loadConfig, type ParleyConfig } from '../src/config.js'
import { createParley, type Parley } from '../src/main.js'
import { createLogger } from '../src/runtime/logger.js'
import { startSandbox, type Sandbox } from '../src/sandbox/index.js'
import { eventually, FAST_ENV, TEST_API_KEY } from './support/harness.js'

const USER = '+4915112345678'
const BODY = 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready.'

/**
 * `npm start` after `npm start`: Parley and the sandbox started as `parley start` starts them, from
 * one data folder, stopped, and started again. What the first run set up at the provider — an
 * approved template, a user's open 24-hour window — must still hold in the second.
 */
describe('a restart of Parley and the sandbox from the same data folder', () => {
  let dir: string
  let config: ParleyConfig
  let running: { parley: Parley; sandbox: Sandbox; url: string } | null = null

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-restart-'))
    config = loadConfig({
      ...FAST_ENV,
      PARLEY_API_KEY: TEST_API_KEY,
      PARLEY_DATA_DIR: dir,
      PARLEY_SANDBOX_PORT: '0',
      PARLEY_SANDBOX_SENT_MS: '5',
      PARLEY_SANDBOX_DELIVERED_MS: '10',
      PARLEY_SANDBOX_READ_MS: '15',
      PARLEY_SANDBOX_REVIEW_MS: '50',
    })
  })
  afterAll(async () => {
    await stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** What `parley start` does, minus the banner and the signal handlers. */
  async function start(): Promise<void> {
    const sandbox = await startSandbox(sandboxOptionsFor(config, { webhookUrl: null, stateFile: sandboxStateFile(config) }))
    const configured: ParleyConfig = { ...config, sandbox: { ...config.sandbox, url: sandbox.url } }
    const parley = await createParley(configured, { roles: { api: true, worker: true }, logger: createLogger('silent') })
    await ensureAdminKey(configured, parley.apiKeys, Date.now())
    await parley.syncTemplates()
    const url = await parley.app!.listen({ host: '127.0.0.1', port: 0 })
    sandbox.setWebhookUrl(`${url}/webhooks/meta`)
    running = { parley, sandbox, url }
  }

  async function stop(): Promise<void> {
    if (!running) return
    const { parley, sandbox } = running
    running = null
    await parley.close()
    await sandbox.close()
  }

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${running!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: await response.json() }
  }

  /** Waits until the message reaches `read` (the end of a delivered message) or `failed`, and returns it. */
  async function settledMessage(id: string): Promise<{ status: string; error: unknown }> {
    return eventually(async () => {
      const m = (await api('GET', `/v1/messages/${id}`)).body
      return m.status === 'read' || m.status === 'failed' ? m : undefined
    }, 20_000, `message ${id} to be read or failed`)
  }

  it('keeps the template approved and the window open', async () => {
    await start()
    const created = await api('POST', '/v1/templates?submit=true', {
      name: 'lesson_reminder',
      language: 'en',
      category: 'UTILITY',
      body: BODY,
      examples: { child_name: 'Max', time: '15:00' },
    })
    expect(created.status).toBe(201)
    await eventually(async () => (await api('GET', '/v1/templates/lesson_reminder/en')).body.status === 'approved', 20_000, 'the template to be approved')

    // The user writes, as `parley sandbox reply` makes them: their window opens.
    const wrote = await fetch(`${running!.sandbox.url}/sandbox/users/${encodeURIComponent(USER)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hi, is the lesson today?' }),
    })
    expect(wrote.status).toBe(200)
    await eventually(async () => {
      const conversation = (await api('GET', `/v1/contacts/${encodeURIComponent(USER)}/messages`)).body
      return conversation.data?.some((m: { direction: string }) => m.direction === 'inbound')
    }, 20_000, 'Parley to record the inbound message')
    await running!.sandbox.idle()
    await stop()

    await start()
    const sandbox = running!.sandbox
    expect(sandbox.templates().find((t) => t.name === 'lesson_reminder')).toMatchObject({ status: 'APPROVED', language: 'en' })

    const templated = await api('POST', '/v1/messages', { to: USER, template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max', time: '15:00' } } })
    expect(templated.status).toBe(202)
    expect(await settledMessage(templated.body.id)).toMatchObject({ status: 'read', error: null })
    expect(sandbox.accepted().at(-1)).toMatchObject({ type: 'template', template: { name: 'lesson_reminder', language: 'en' }, failsWith: null })

    const reply = await api('POST', '/v1/messages', { to: USER, text: 'Yes, at 15:00.' })
    expect(reply.status).toBe(202)
    // Delivered, not failed with 131047: the sandbox still knows the user wrote within 24 hours.
    expect(await settledMessage(reply.body.id)).toMatchObject({ status: 'read', error: null })
    expect(sandbox.accepted().at(-1)).toMatchObject({ type: 'text', failsWith: null })
  }, 90_000)
})
