import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTemplateFolder } from '../../src/cli/template-files.js'
import { saveTemplates } from '../../src/core/templates/save-templates.js'
import { createIds } from '../../src/runtime/ids.js'
import { storesNoPartOf } from '../support/secrets.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { parleyOk, runParley, startParley } from '../support/cli.js'
import { eventually } from '../support/harness.js'

describe('the parley command', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('migrates, then says the database is up to date', async () => {
    const data = join(dir, 'migrate')
    expect((await parleyOk(['migrate', '--data', data])).stdout).toContain('applied: 0001-messaging-core')
    expect((await parleyOk(['migrate', '--data', data])).stdout).toContain('up to date')
  })

  it('queues a message with `send`, and refuses a bad number with its code', async () => {
    const data = join(dir, 'send')
    const { stdout } = await parleyOk(['send', '+4915112345678', '--text', 'hello', '--data', data])
    expect(JSON.parse(stdout)).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued' })
    const bad = await runParley(['send', '12345', '--text', 'hello', '--data', data])
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid_phone') })
  })

  it('sends a shipped named-parameter template with `--param name=value`; refuses positional and mixed values clearly', async () => {
    const data = join(dir, 'send-named')
    mkdirSync(data, { recursive: true })
    // The shipped lesson_scheduled family, stored as approved (as `templates push` leaves it once reviewed).
    const database = openSqlite({ file: join(data, 'parley.db') })
    await migrateToLatest(database)
    const templates = createTemplateStore(database)
    const loaded = await loadTemplateFolder('examples/templates/lessons')
    const inputs = loaded.inputs.filter((i) => i.definition.name === 'lesson_scheduled' && i.definition.language === 'en')
    for (const saved of await saveTemplates({ templates, clock: { now: () => Date.now() }, ids: createIds() }, inputs, 'cli')) {
      await templates.save({ ...saved.template, status: 'approved' }, [], Date.now())
    }
    await database.close()

    const send = (params: string[]) => runParley(['send', '+4915112345678', '--template', 'lesson_scheduled', '--language', 'en', ...params.flatMap((p) => ['--param', p]), '--data', data])
    const sent = await send(['parent_name=Anna', 'child_name=Max', 'date=Monday, 2 March', 'time=15:00'])
    expect(JSON.parse(sent.stdout)).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued' })
    expect(await send(['Anna', 'Max', 'Monday', '15:00'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/template_params_invalid: .*"parent_name", "child_name", "date", "time"/) })
    expect(await send(['parent_name=Anna', 'Max'])).toMatchObject({ code: 2, stderr: expect.stringContaining('either all named (name=value) or all positional') })
  }, 60_000)

  it('refuses bad configuration naming the variable', async () => {
    const failed = await runParley(['migrate'], { PARLEY_DATABASE_URL: 'mysql://nope' })
    expect(failed).toMatchObject({ code: 78, stderr: expect.stringContaining('PARLEY_DATABASE_URL') })
  })

  it('`start` prints where to look, a key and a first operator login that work, once; the README curl reaches read', async () => {
    const data = join(dir, 'start')
    const env = { PARLEY_DATA_DIR: data, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', PARLEY_SANDBOX_SENT_MS: '5', PARLEY_SANDBOX_DELIVERED_MS: '10', PARLEY_SANDBOX_READ_MS: '15' }
    const first = await startParley(['start'], env)
    try {
      const out = first.stdout()
      const key = /Admin key\s+(pk_\S+)/.exec(out)?.[1]
      const api = /API\s+(http:\/\/\S+)\/v1/.exec(out)?.[1]
      expect(key).toBeDefined()
      expect(api).toBeDefined()
      // Only a salted hash is stored: no part of the secret, nor its plain SHA-256.
      const database = openSqlite({ file: join(data, 'parley.db') })
      const rows = await database.db.selectFrom('api_keys').selectAll().execute()
      await database.close()
      expect(rows).toMatchObject([{ source: 'generated', scopes: '["admin"]', revoked_at: null }])
      expect(storesNoPartOf(JSON.stringify(rows), key!)).toBe(true)
      // The README's curl.
      const curl = /curl -s (\S+) -H "Authorization: Bearer \S+" -H "Content-Type: application\/json" \\\n\s+-d '(.+)'/.exec(out)
      expect(curl).not.toBeNull()
      const sent = await fetch(curl![1]!, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: curl![2]! })
      expect(sent.status).toBe(202)
      const { id } = (await sent.json()) as { id: string }
      await eventually(async () => {
        const got = (await (await fetch(`${api}/v1/messages/${id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as { status: string }
        return got.status === 'read'
      })
      // The first operator's login, shown once, signs in to the inbox.
      const login = /sign in as (\S+) with the password (\S+)/.exec(out)
      expect(login?.[1]).toBe('admin@parley.local')
      const session = await fetch(`${api}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login![1], password: login![2] }) })
      expect(session.status).toBe(200)
      expect(((await session.json()) as { operator: { role: string } }).operator.role).toBe('admin')
    } finally {
      await first.stop()
    }
    // A second start prints no new key and no new password: the first ones still hold.
    const again = await startParley(['start'], env)
    try {
      expect(again.stdout()).not.toMatch(/Admin key\s+pk_/)
      expect(again.stdout()).not.toMatch(/sign in as/)
    } finally {
      await again.stop()
    }
  }, 60_000)

  it('`templates push` gets the examples approved except what the sandbox policy rejects; `templates list` shows own templates, filtered and sorted', async () => {
    const data = join(dir, 'templates')
    const running = await startParley(['start'], { PARLEY_DATA_DIR: data, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', PARLEY_SANDBOX_REVIEW_MS: '50', PARLEY_SANDBOX_REJECT_LANGUAGES: 'tr' })
    try {
      const sandboxPort = /Sandbox\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(running.stdout())![1]!
      const cli = (args: string[]) => parleyOk(args, { PARLEY_DATA_DIR: data, PARLEY_SANDBOX_PORT: sandboxPort })
      const pushed = await cli(['templates', 'push', 'examples/templates'])
      expect(pushed.stdout).toContain('created 25, changed 0, unchanged 0; submitted 25, blocked by lint 0, refused 0')
      // Each look is a CLI process of its own, seconds apiece on a loaded machine: the wait is generous.
      await eventually(async () => !(await cli(['templates', 'list'])).stdout.includes('pending'), 90_000, 'every review to end')
      const listed = (await cli(['templates', 'list', '--json'])).stdout
      const rows = (JSON.parse(listed) as Array<{ template: { definition: { name: string; language: string }; status: string; origin: string } }>).map((i) => i.template)
      expect(rows).toHaveLength(25)
      expect(rows.every((t) => t.origin === 'own')).toBe(true)
      expect(rows.filter((t) => t.status === 'approved')).toHaveLength(20)
      expect(rows.filter((t) => t.status === 'rejected').map((t) => t.definition.language)).toEqual(['tr', 'tr', 'tr', 'tr', 'tr'])
      const billing = (await cli(['templates', 'list', '--tag', 'billing', '--language', 'en', '--sort', 'name', '--order', 'desc'])).stdout
      expect(billing.split('\n').filter((l) => /^\w+_\w+\s/.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['payment_received', 'balance_low'])
      expect((await cli(['templates', 'push', 'examples/templates'])).stdout).toContain('created 0, changed 0, unchanged 25; submitted 0')
      // pull writes the same families back as files; pushing those changes nothing.
      const pulledTo = join(dir, 'pulled')
      expect((await cli(['templates', 'pull', pulledTo])).stdout).toContain('wrote 5 file(s)')
      expect((await cli(['templates', 'push', pulledTo])).stdout).toContain('created 0, changed 0, unchanged 25')
      const status = (await cli(['templates', 'status'])).stdout
      expect(status).toMatch(/lesson_reminder\s+approved\s+approved\s+approved\s+approved\s+rejected/)
    } finally {
      await running.stop()
    }
  }, 180_000)

  it('`templates lint` points at the file and line of a problem', async () => {
    const folder = join(dir, 'bad-templates')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'broken.yaml'), 'name: broken\ncategory: UTILITY\nlanguages:\n  en:\n    body: "Your lesson starts at {{1}}"\n    examples: { 1: "15:00" }\n    buttons:\n      - { type: url, text: Pay }\n')
    const failed = await runParley(['templates', 'lint', folder])
    expect(failed).toMatchObject({ code: 1 })
    expect(failed.stderr).toMatch(/broken\.yaml:8: languages\.en\.buttons\.0\.url/)
  })
})
