import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parleyOk, runParley, startParley } from '../support/cli.js'

/** The sandbox's state file in the data folder, as `parley sandbox serve`, `parley start` and `parley sandbox reset` use it. */
describe('the sandbox state in the data folder', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-sandbox-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('`sandbox serve` keeps its state in the data folder; `sandbox reset` resets the running sandbox and the file', async () => {
    const data = join(dir, 'serve')
    const file = join(data, 'sandbox.json')
    const serving = await startParley(['sandbox', 'serve', '--data', data], { PARLEY_SANDBOX_PORT: '0' }, 'sandbox listening at')
    try {
      const out = serving.stdout()
      expect(out).toContain(`state ${file}`)
      const url = /listening at (http:\/\/\S+?),/.exec(out)![1]!
      const wrote = await fetch(`${url}/sandbox/users/${encodeURIComponent('+4915112345678')}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Hallo' }),
      })
      expect(wrote.status).toBe(200)
      const windowOf = async () => ((await (await fetch(`${url}/sandbox/users/%2B4915112345678`)).json()) as { windowClosesAt: number | null }).windowClosesAt
      expect(await windowOf()).not.toBeNull()

      const reset = await parleyOk(['sandbox', 'reset', '--data', data, '--sandbox-url', url])
      expect(reset.stdout).toContain(`the sandbox at ${url} starts afresh`)
      expect(await windowOf()).toBeNull()
      // The running sandbox wrote its fresh state at once.
      expect((JSON.parse(readFileSync(file, 'utf8')) as { windows: unknown[] }).windows).toEqual([])
    } finally {
      await serving.stop()
    }
    // Stopping wrote the state: the file is there, and a reset with no sandbox running deletes it.
    expect(existsSync(file)).toBe(true)
    const offline = await parleyOk(['sandbox', 'reset', '--data', data, '--sandbox-url', 'http://127.0.0.1:9'])
    expect(offline.stdout).toContain('no sandbox answered')
    expect(existsSync(file)).toBe(false)
  }, 120_000)

  it('`start` refuses an unreadable state file with one line naming it; `sandbox reset` clears the way', async () => {
    const data = join(dir, 'corrupt')
    const file = join(data, 'sandbox.json')
    mkdirSync(data, { recursive: true })
    writeFileSync(file, 'not json at all')
    const env = { PARLEY_DATA_DIR: data, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0' }
    const failed = await runParley(['start'], env)
    expect(failed).toMatchObject({ code: 1 })
    const stderr = failed.stderr
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`sandbox state file ${file} is unreadable`)])
    expect(readFileSync(file, 'utf8')).toBe('not json at all')

    await parleyOk(['sandbox', 'reset'], { ...env, PARLEY_SANDBOX_PORT: '9' })
    expect(existsSync(file)).toBe(false)
  }, 120_000)
})
