import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AccountConfig, SenderConfig } from '../../src/accounts-config.js'
import { loadConfig, type ParleyConfig } from '../../src/config.js'
import { createParley, type Parley } from '../../src/main.js'
import { META_SANDBOX_ACCOUNT } from '../../src/providers/meta-cloud/meta-kind.js'
import { createLogger } from '../../src/runtime/logger.js'
import { sandboxOptions, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { LESSON_REMINDER } from '../support/lesson-reminder.js'
import { eventually, FAST_ENV, TEST_API_KEY } from '../support/harness.js'

const PARENT = '+4915112345678'

/**
 * A business moves its number from one provider account to another by configuration alone: the
 * second Parley starts on the same database with another account. Contacts and history stay; the
 * business's own templates, unknown to the new account, are submitted to it and approved there.
 */
describeEachDatabase('moving the number to another provider account', (dialect) => {
  let db: TestDatabase
  let before: Sandbox
  let after: Sandbox
  let running: { parley: Parley; url: string } | null = null

  const fast = (extra: Partial<SandboxOptions> = {}) =>
    sandboxOptions({
      statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
      webhookRetry: { maxAttempts: 30, initialDelayMs: 20, maxDelayMs: 500 },
      templateReview: { delayMs: 30 },
      ...extra,
    } as Partial<SandboxOptions>)

  beforeAll(async () => {
    db = await openTestDatabase(dialect)
    before = await startSandbox(fast())
    // Another provider account: none of the business's templates, only the platform's samples.
    after = await startSandbox(fast({ templates: [] }))
  })
  afterAll(async () => {
    await stop()
    await before?.close()
    await after?.close()
    await db?.close()
  })

  async function start(sandbox: Sandbox, account: AccountConfig, webhookPath: string): Promise<void> {
    const base = loadConfig({ ...FAST_ENV, PARLEY_API_KEY: TEST_API_KEY })
    const sender: SenderConfig = { id: 'school', account: account.id, channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 }
    const config: ParleyConfig = { ...base, sandbox: { ...base.sandbox, url: sandbox.url }, accounts: [account], senders: [sender] }
    const parley = await createParley(config, { roles: { api: true, worker: true }, logger: createLogger('silent'), database: db.database })
    await parley.apiKeys.adoptEnvironmentKey(TEST_API_KEY, Date.now())
    const url = await parley.app!.listen({ host: '127.0.0.1', port: 0 })
    sandbox.setWebhookUrl(`${url}${webhookPath}`)
    running = { parley, url }
  }

  async function stop(): Promise<void> {
    const current = running
    running = null
    await current?.parley.close()
  }

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${running!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: await response.json() }
  }

  const template = (name: string, language: string) =>
    eventually(async () => {
      const t = (await api('GET', `/v1/templates/${name}/${language}`)).body
      return t.status === 'approved' ? t : undefined
    }, 15_000, `${name}/${language} to be approved`)

  const read = (id: string) =>
    eventually(async () => {
      const m = (await api('GET', `/v1/messages/${id}`)).body
      return m.status === 'read' ? m : undefined
    }, 15_000, `message ${id} to be read`)

  it('keeps contacts, history and templates, and submits the templates the new account lacks', async () => {
    await start(before, { id: 'meta', provider: 'meta', sandbox: true }, '/webhooks/meta/meta')
    expect((await running!.parley.syncTemplates()).kind).toBe('synced')
    await api('PUT', `/v1/contacts/${encodeURIComponent(PARENT)}`, { name: 'Ana' })
    expect((await api('POST', '/v1/templates?submit=true', LESSON_REMINDER)).status).toBe(201)
    const first = await template('lesson_reminder', 'en')
    const sent = await api('POST', '/v1/messages', { to: PARENT, template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max', time: '15:00' } } })
    expect(sent.status).toBe(202)
    await read(sent.body.id)
    await stop()

    // The same number, now on another account (here a second Meta account; any provider's works alike).
    const moved: AccountConfig = {
      id: 'school-new',
      provider: 'meta',
      sandbox: false,
      settings: { ...META_SANDBOX_ACCOUNT, baseUrl: after.url },
    }
    await start(after, moved, '/webhooks/meta/school-new')
    const synced = await running!.parley.syncTemplates()
    expect(synced).toMatchObject({ kind: 'synced', summary: { resubmitted: expect.any(Number), notResubmitted: 0 } })
    expect((synced as { summary: { resubmitted: number } }).summary.resubmitted).toBeGreaterThanOrEqual(1)

    const approved = await template('lesson_reminder', 'en')
    expect(approved.provider_template_id).not.toBe(first.provider_template_id)
    expect(after.templates().map((t) => t.name)).toContain('lesson_reminder')
    const history = (await api('GET', '/v1/templates/lesson_reminder/en')).body.history as Array<{ kind: string; status: string; detail: Record<string, unknown> | null }>
    expect(history).toContainEqual(expect.objectContaining({ kind: 'saved', status: 'draft', detail: expect.objectContaining({ movedFrom: 'meta', movedTo: 'school-new', previousStatus: 'approved' }) }))

    // Contacts and history are where they were; the moved number sends the template again.
    expect((await api('GET', `/v1/contacts/${encodeURIComponent(PARENT)}`)).body).toMatchObject({ name: 'Ana' })
    expect((await api('GET', `/v1/messages/${sent.body.id}`)).body).toMatchObject({ status: 'read' })
    const again = await api('POST', '/v1/messages', { to: PARENT, template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max', time: '16:00' } } })
    expect(again.status).toBe(202)
    await read(again.body.id)
    expect(after.stats().accepted).toBe(1)
  }, 60_000)
})
