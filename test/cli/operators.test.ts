import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bareEnv, parleyOk, runParley, startParley, type Ran } from '../support/cli.js'

/** Runs `parley …args` with `input` piped to its stdin. */
function runWithStdin(args: string[], input: string): Promise<Ran> {
  const child = spawn(process.execPath, ['bin/parley.js', ...args], { env: bareEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += String(chunk)))
  child.stderr.on('data', (chunk) => (stderr += String(chunk)))
  child.stdin.end(input)
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

describe('parley operators', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-operators-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('adds operators (password piped, or generated and shown once), lists them, refuses bad input, disables; the API logs them in', async () => {
    const data = ['--data', dir]
    const piped = await runWithStdin(['operators', 'add', 'Ann@Example.com', '--role', 'admin', '--name', 'Ann', '--password-stdin', ...data], 'piped passphrase 123\n')
    expect(piped.code, piped.stderr).toBe(0)
    expect(piped.stdout).toMatch(/^email\s+ann@example\.com$/m)
    expect(piped.stdout).not.toMatch(/password/)

    const generated = await parleyOk(['operators', 'add', 'bob@example.com', '--role', 'viewer', ...data])
    const password = /^password\s+(\S+)$/m.exec(generated.stdout)?.[1]
    expect(password?.length).toBeGreaterThanOrEqual(12)

    expect(await runParley(['operators', 'add', 'ann@example.com', '--role', 'viewer', ...data])).toMatchObject({ code: 1, stderr: expect.stringContaining('operator_exists') })
    expect(await runWithStdin(['operators', 'add', 'cy@example.com', '--role', 'viewer', '--password-stdin', ...data], 'short')).toMatchObject({ code: 2, stderr: expect.stringContaining('at least 12 characters') })
    expect(await runParley(['operators', 'add', 'cy@example.com', '--role', 'boss', ...data])).toMatchObject({ code: 2, stderr: expect.stringContaining('role') })

    const listed = JSON.parse((await parleyOk(['operators', 'list', '--json', ...data])).stdout)
    expect(listed).toEqual([
      expect.objectContaining({ email: 'ann@example.com', name: 'Ann', role: 'admin', disabled_at: null }),
      expect.objectContaining({ email: 'bob@example.com', role: 'viewer', disabled_at: null }),
    ])
    expect(JSON.stringify(listed)).not.toContain('scrypt')

    const running = await startParley(['start'], { PARLEY_DATA_DIR: dir, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0' })
    try {
      const api = /API\s+(http:\/\/\S+)\/v1/.exec(running.stdout())![1]!
      const logIn = (email: string, pw: string) => fetch(`${api}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) })
      expect((await logIn('ann@example.com', 'piped passphrase 123')).status).toBe(200)
      expect((await logIn('bob@example.com', password!)).status).toBe(200)
      expect((await parleyOk(['operators', 'disable', 'BOB@example.com', ...data])).stdout).toContain('disabled bob@example.com')
      expect((await logIn('bob@example.com', password!)).status).toBe(401)
    } finally {
      await running.stop()
    }
    expect(await runParley(['operators', 'disable', 'bob@example.com', ...data])).toMatchObject({ code: 1, stderr: expect.stringContaining('not_found') })
  }, 180_000)
})
