import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runParley, type Ran } from '../support/cli.js'

/** One line on stderr, no stack trace, a non-zero exit. */
function expectOneLineFailure(ran: Ran): string {
  expect(ran.code).not.toBe(0)
  expect(ran.code).not.toBeNull()
  expect(ran.stderr).not.toMatch(/^\s+at /m)
  expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1)
  return ran.stderr
}

// Each case runs the real CLI, often twice or more: generous time for a loaded machine.
describe('the parley command explains what to fix, in one line', { timeout: 90_000 }, () => {
  let dir: string
  let holder: Server
  let busyPort: number
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-errors-'))
    // A port that something else already holds.
    holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    busyPort = (holder.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  const startEnv = (name: string, extra: Record<string, string> = {}) => ({ PARLEY_DATA_DIR: join(dir, name), PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', ...extra })

  it('a missing PARLEY_RULES_FILE: names the variable and the file', async () => {
    const file = join(dir, 'no-such-rules.yaml')
    const stderr = expectOneLineFailure(await runParley(['start'], startEnv('rules-missing', { PARLEY_RULES_FILE: file })))
    expect(stderr).toContain('PARLEY_RULES_FILE')
    expect(stderr).toContain(file)
    expect(stderr).toContain('no such file')
  })

  it('a broken PARLEY_RULES_FILE: names the variable, the file and the line of the mistake', async () => {
    const file = join(dir, 'broken-rules.yaml')
    writeFileSync(file, 'rules:\n  - id: reminder\n    on: lesson.scheduled\n    category: utility\n    to: guardians\n    send: { template: lesson_reminder }\n    delya: 1h\n')
    const stderr = expectOneLineFailure(await runParley(['start'], startEnv('rules-broken', { PARLEY_RULES_FILE: file })))
    expect(stderr).toContain('PARLEY_RULES_FILE')
    expect(stderr).toContain(file)
    expect(stderr).toMatch(/line 7: rules\.0\.delya: unknown key "delya" \(did you mean "delay"\?\)/)
  })

  it('the API port in use: names PARLEY_PORT and the port', async () => {
    const stderr = expectOneLineFailure(await runParley(['start'], startEnv('api-port', { PARLEY_PORT: String(busyPort) })))
    expect(stderr).toContain('PARLEY_PORT')
    expect(stderr).not.toContain('PARLEY_SANDBOX_PORT')
    expect(stderr).toContain(`port ${busyPort}`)
    expect(stderr).toContain('already in use')
  })

  it('the sandbox port in use: names PARLEY_SANDBOX_PORT and the port', async () => {
    const stderr = expectOneLineFailure(await runParley(['start'], startEnv('sandbox-port', { PARLEY_SANDBOX_PORT: String(busyPort) })))
    expect(stderr).toContain('PARLEY_SANDBOX_PORT')
    expect(stderr).toContain(`port ${busyPort}`)
    const serve = expectOneLineFailure(await runParley(['sandbox', 'serve'], { PARLEY_SANDBOX_PORT: String(busyPort) }))
    expect(serve).toContain('PARLEY_SANDBOX_PORT')
  })

  it('an unreachable PostgreSQL: names PARLEY_DATABASE_URL, never the password', async () => {
    const env = { PARLEY_DATABASE_URL: 'postgres://postgres:hunter2secret@127.0.0.1:1/x' }
    for (const args of [['migrate'], ['start'], ['send', '+4915112345678', '--text', 'hi'], ['templates', 'list']]) {
      const stderr = expectOneLineFailure(await runParley(args, { ...startEnv('pg-unreachable'), ...env }))
      expect(stderr).toContain('PARLEY_DATABASE_URL')
      expect(stderr).toContain('127.0.0.1:1')
      expect(stderr).toContain('connection refused')
      expect(stderr).not.toContain('hunter2secret')
      expect(stderr).not.toContain('postgres:')
    }
  }, 120_000)

  it('a missing database: names PARLEY_DATABASE_URL and the database, never the password', async () => {
    const base = new URL(process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    base.password = 'hunter2secret'
    base.pathname = '/parley_no_such_database'
    const stderr = expectOneLineFailure(await runParley(['migrate'], { PARLEY_DATABASE_URL: base.href }))
    expect(stderr).toContain('PARLEY_DATABASE_URL')
    expect(stderr).toContain('"parley_no_such_database"')
    expect(stderr).not.toContain('hunter2secret')
  })

  it('`templates lint` of a folder that does not exist names the folder', async () => {
    const missing = join(dir, 'no-such-templates')
    const ran = await runParley(['templates', 'lint', missing], {})
    const stderr = expectOneLineFailure(ran)
    expect(ran.code).toBe(2)
    expect(stderr).toContain(missing)
    expect(stderr).toContain('no such folder')
    expect(expectOneLineFailure(await runParley(['templates', 'push', missing], { PARLEY_DATA_DIR: join(dir, 'push-missing') }))).toContain('no such folder')
  })

  it('a closed pipe (`parley templates list | head -1`) ends quietly, without an EPIPE stack trace', async () => {
    // The reading end is closed before the command writes anything, as `head` does once it has its line.
    const ran = await runParley(['templates', 'list'], { PARLEY_DATA_DIR: join(dir, 'pipe') }, (child) => child.stdout!.destroy())
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
  })
})
