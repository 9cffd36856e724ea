import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parleyOk, runParley, startParley } from '../support/cli.js'

const KEY_A = 'first-admin-key-0123456789abcdefghijklmnop'
const KEY_B = 'second-admin-key-9876543210zyxwvutsrqponmlk'

describe('parley keys, and PARLEY_API_KEY across restarts', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-keys-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const env = (data: string, key: string) => ({ PARLEY_DATA_DIR: data, PARLEY_API_KEY: key, PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0' })
  const apiOf = (stdout: string) => /API\s+(http:\/\/\S+)\/v1/.exec(stdout)![1]!
  const get = async (api: string, key: string, path: string) => (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${key}` } })).status

  it('creates a scoped key that works at once for its scope only, lists it without its secret, revokes it', async () => {
    const data = join(dir, 'flow')
    const running = await startParley(['start'], env(data, KEY_A))
    try {
      const api = apiOf(running.stdout())
      const created = await parleyOk(['keys', 'create', '--name', 'reporting', '--scope', 'messages:read', '--scope', 'templates', '--data', data])
      const secret = /^key\s+(pk_\S+)$/m.exec(created.stdout)?.[1]
      const keyId = /^id\s+(key_\S+)$/m.exec(created.stdout)?.[1]
      expect(secret).toMatch(/^pk_[0-9a-z]{16}_[A-Za-z0-9_-]{43}$/)
      expect(await get(api, secret!, '/v1/templates')).toBe(200)
      expect(await get(api, secret!, '/v1/keys')).toBe(403)

      const listed = await parleyOk(['keys', 'list', '--json', '--data', data])
      expect(listed.stdout).not.toContain(secret!.slice(20))
      expect(JSON.parse(listed.stdout)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: keyId, name: 'reporting', scopes: ['messages:read', 'templates'], source: 'created', revoked_at: null }),
          expect.objectContaining({ source: 'env', scopes: ['admin'] }),
        ]),
      )

      expect((await parleyOk(['keys', 'revoke', keyId!, '--data', data])).stdout).toContain(`revoked ${keyId}`)
      expect(await get(api, secret!, '/v1/templates')).toBe(401)
      expect(await runParley(['keys', 'revoke', keyId!, '--data', data])).toMatchObject({ code: 1, stderr: expect.stringContaining('not_found') })
    } finally {
      await running.stop()
    }
  }, 180_000)

  it('revokes the key PARLEY_API_KEY named before once it changes, for good', async () => {
    const data = join(dir, 'rotation')
    const first = await startParley(['start'], env(data, KEY_A))
    try {
      expect(await get(apiOf(first.stdout()), KEY_A, '/v1/webhooks')).toBe(200)
    } finally {
      await first.stop()
    }
    const second = await startParley(['start'], env(data, KEY_B))
    try {
      const api = apiOf(second.stdout())
      expect(await get(api, KEY_B, '/v1/webhooks')).toBe(200)
      expect(await get(api, KEY_A, '/v1/webhooks')).toBe(401)
    } finally {
      await second.stop()
    }
    // Set back to the first key: it was revoked, and stays so.
    const back = await runParley(['start'], env(data, KEY_A))
    expect(back).toMatchObject({ code: 78, stderr: expect.stringMatching(/PARLEY_API_KEY: names the key key_\S+, revoked at/) })
  }, 180_000)

  it('refuses a PARLEY_API_KEY under 32 characters, or one that is not random, naming the variable', async () => {
    const short = await runParley(['keys', 'list', '--data', join(dir, 'short')], { PARLEY_API_KEY: 'only-sixteen-chr' })
    expect(short).toMatchObject({ code: 78, stderr: expect.stringMatching(/PARLEY_API_KEY: must be at least 32 characters/) })
    const repetitive = await runParley(['keys', 'list', '--data', join(dir, 'short')], { PARLEY_API_KEY: 'changeme'.repeat(5) })
    expect(repetitive).toMatchObject({ code: 78, stderr: expect.stringContaining('PARLEY_API_KEY: must be random') })
  })

  it('refuses an unknown scope, or none, as a wrong argument', async () => {
    const data = join(dir, 'args')
    expect(await runParley(['keys', 'create', '--name', 'x', '--scope', 'messages:write', '--data', data])).toMatchObject({ code: 2, stderr: expect.stringContaining('--scope') })
    expect(await runParley(['keys', 'create', '--name', 'x', '--data', data])).toMatchObject({ code: 2, stderr: expect.stringContaining('--scope') })
    expect(await runParley(['keys', 'create', '--name', 'x', '--scope', 'events', '--rate', '5', '--data', data])).toMatchObject({ code: 2, stderr: expect.stringContaining('--burst') })
  })
})
