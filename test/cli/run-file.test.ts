import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRunFile, runFilePath } from '../../src/cli/run-file.js'
import { runParley, startParley } from '../support/cli.js'
import { eventually } from '../support/harness.js'

/** A port nothing listens on (it was free a moment ago and is closed again). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('the commands find the running `parley start` through its run file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-run-file-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("a command without the start's PARLEY_SANDBOX_PROVIDER talks to the provider the running sandbox plays", async () => {
    const data = join(dir, 'gupshup')
    const running = await startParley(['start'], { PARLEY_DATA_DIR: data, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', PARLEY_SANDBOX_PROVIDER: 'gupshup' })
    try {
      const out = running.stdout()
      const api = /API\s+(http:\/\/\S+)\/v1/.exec(out)![1]!
      const key = /Admin key\s+(pk_\S+)/.exec(out)![1]!
      expect(await runParley(['sandbox', 'reply', '+4915112345679', 'Hi Gupshup'], { PARLEY_DATA_DIR: data })).toMatchObject({ code: 0, stderr: '' })
      const inbound = await eventually(async () => {
        const answer = await fetch(`${api}/v1/contacts/%2B4915112345679/messages`, { headers: { authorization: `Bearer ${key}` } })
        const listed = ((await answer.json()) as { data?: Array<{ text: string; provider: string }> }).data ?? []
        return listed.find((m) => m.text === 'Hi Gupshup')
      }, 20_000, 'the inbound message')
      expect(inbound.provider).toBe('gupshup')
    } finally {
      await running.stop()
    }
  }, 60_000)

  it('`sandbox reply` and `templates pull` reach the sandbox of a Parley started on other ports, with only the data folder given', async () => {
    const data = join(dir, 'running')
    // Port 0: the ports are picked at start and known to no one else. The commands below get only
    // the PARLEY_ variables given them (a bare environment): they find Parley by its data folder.
    const running = await startParley(['start'], { PARLEY_DATA_DIR: data, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', PARLEY_SANDBOX_SENT_MS: '5', PARLEY_SANDBOX_DELIVERED_MS: '10', PARLEY_SANDBOX_READ_MS: '15' })
    try {
      const out = running.stdout()
      const api = /API\s+(http:\/\/\S+)\/v1/.exec(out)![1]!
      const sandboxUrl = /Sandbox\s+(http:\/\/\S+)/.exec(out)![1]!
      const key = /Admin key\s+(pk_\S+)/.exec(out)![1]!
      expect(JSON.parse(readFileSync(runFilePath(data), 'utf8'))).toMatchObject({ pid: running.child.pid, api, sandbox: sandboxUrl, sandboxAxis: { accounts: [{ id: 'meta', provider: 'meta', sandbox: true }] } })

      const byFlag = await runParley(['sandbox', 'reply', '--data', data, '+4915112345678', 'Hi from the flag'])
      expect(byFlag).toMatchObject({ code: 0, stderr: '' })
      const byEnv = await runParley(['sandbox', 'reply', '+4915112345678', 'Hi from the env'], { PARLEY_DATA_DIR: data })
      expect(byEnv).toMatchObject({ code: 0, stderr: '' })
      // The sandbox they reached is the one that posts to this Parley: both messages arrive.
      await eventually(async () => {
        const answer = await fetch(`${api}/v1/contacts/%2B4915112345678/messages`, { headers: { authorization: `Bearer ${key}` } })
        const text = await answer.text()
        return text.includes('Hi from the flag') && text.includes('Hi from the env')
      }, 20_000, 'both inbound messages')

      const pulled = await runParley(['templates', 'pull', join(dir, 'pulled')], { PARLEY_DATA_DIR: data })
      expect(pulled).toMatchObject({ code: 0, stdout: expect.stringContaining('synced:') })

      // A variable still wins over the run file.
      const elsewhere = await closedPort()
      const overridden = await runParley(['sandbox', 'reply', '+4915112345678', 'Hi'], { PARLEY_DATA_DIR: data, PARLEY_SANDBOX_PORT: String(elsewhere) })
      expect(overridden.code).toBe(1)
      expect(overridden.stderr).toContain(`no sandbox at http://127.0.0.1:${elsewhere}`)
    } finally {
      await running.stop()
    }
    // A clean stop removes the file.
    expect(existsSync(runFilePath(data))).toBe(false)
  }, 120_000)

  it('a run file whose process is gone is ignored', async () => {
    const data = join(dir, 'stale')
    mkdirSync(data, { recursive: true })
    const gone = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => gone.once('exit', resolve))
    writeFileSync(runFilePath(data), JSON.stringify({ pid: gone.pid, api: 'http://127.0.0.1:1', sandbox: 'http://127.0.0.1:1' }))
    expect(readRunFile(data)).toBeNull()
    writeFileSync(runFilePath(data), JSON.stringify({ pid: process.pid, api: 'http://127.0.0.1:1', sandbox: 'http://127.0.0.1:2' }))
    expect(readRunFile(data)).toEqual({ pid: process.pid, api: 'http://127.0.0.1:1', sandbox: 'http://127.0.0.1:2' })
    writeFileSync(runFilePath(data), 'not json')
    expect(readRunFile(data)).toBeNull()
  })
})
