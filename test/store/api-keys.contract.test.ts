import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ApiKeyStore } from '../../src/core/keys/ports.js'
import { createApiKeyStore } from '../../src/store/api-keys.js'
import { hashKey } from '../../src/store/api-key-secrets.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { storesNoPartOf } from '../support/secrets.js'

const T0 = 1_800_000_000_000
const ENV_KEY = 'env-key-0123456789-abcdefghijklmnopqrstuvwxyz'

describeEachDatabase('API key store', (dialect) => {
  let t: TestDatabase
  let keys: ApiKeyStore
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    keys = createApiKeyStore(t.database)
  })
  afterEach(async () => t.close())

  const rows = () => t.database.db.selectFrom('api_keys').selectAll().execute()

  it('mints keys of a public id and 256 random bits, and stores only a salted hash of them', async () => {
    const a = await keys.create({ name: 'a', scopes: ['messages:send'], source: 'created', rateLimit: null }, T0)
    const b = await keys.create({ name: 'b', scopes: ['messages:send'], source: 'created', rateLimit: null }, T0)
    expect(a.secret).toMatch(/^pk_[0-9a-z]{16}_[A-Za-z0-9_-]{43}$/)
    expect(a.secret.slice(3, 19)).toBe(a.key.id.slice(4))
    expect(a.secret).not.toBe(b.secret)
    const stored = await rows()
    for (const { secret } of [a, b]) expect(storesNoPartOf(JSON.stringify(stored), secret)).toBe(true)
    expect(new Set(stored.map((r) => r.salt)).size).toBe(2)
    expect(stored.map((r) => r.key_hash)).not.toContain(createHash('sha256').update(a.secret).digest('hex'))
    expect(Object.keys(stored[0]!)).not.toContain('prefix')
  })

  it('verifies a key to its scopes and limit; a wrong secret under a real id, or a revoked key, is nobody', async () => {
    const { key, secret } = await keys.create({ name: 'reader', scopes: ['messages:read', 'templates'], source: 'created', rateLimit: { perSecond: 0.5, burst: 3 } }, T0)
    expect(await keys.verify(secret)).toEqual({ id: key.id, name: 'reader', scopes: ['messages:read', 'templates'], rateLimit: { perSecond: 0.5, burst: 3 } })
    const forged = `${secret.slice(0, 20)}${'A'.repeat(43)}`
    expect(await keys.verify(forged)).toBeNull()
    expect(await keys.verify(`${secret}x`)).toBeNull()
    expect(await keys.revoke(key.id, T0 + 1)).toBe(true)
    expect(await keys.revoke(key.id, T0 + 2)).toBe(false)
    expect(await keys.verify(secret)).toBeNull()
  })

  it('lists keys newest first without anything secret; revoked ones only when asked', async () => {
    const old = await keys.create({ name: 'old', scopes: ['admin'], source: 'generated', rateLimit: null }, T0)
    const fresh = await keys.create({ name: 'fresh', scopes: ['events'], source: 'created', rateLimit: null }, T0 + 1)
    await keys.revoke(old.key.id, T0 + 2)
    expect((await keys.list({ includeRevoked: false })).map((k) => k.name)).toEqual(['fresh'])
    const all = await keys.list({ includeRevoked: true })
    expect(all.map((k) => [k.name, k.revokedAt])).toEqual([
      ['fresh', null],
      ['old', T0 + 2],
    ])
    expect(Object.keys(all[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'rateLimit', 'revokedAt', 'scopes', 'source'])
    expect(JSON.stringify(all)).not.toContain(fresh.secret.slice(20))
    expect(await keys.countActive()).toBe(1)
  })

  it('keeps one key from the environment: the same one again changes nothing, a new one revokes the one before, a revoked one stays revoked', async () => {
    expect(await keys.adoptEnvironmentKey(ENV_KEY, T0)).toEqual({ kind: 'adopted', revokedPrevious: false })
    expect(await keys.adoptEnvironmentKey(ENV_KEY, T0 + 1)).toEqual({ kind: 'unchanged' })
    expect(await keys.verify(ENV_KEY)).toMatchObject({ scopes: ['admin'] })
    const next = `${ENV_KEY}-rotated`
    expect(await keys.adoptEnvironmentKey(next, T0 + 2)).toEqual({ kind: 'adopted', revokedPrevious: true })
    expect(await keys.verify(ENV_KEY)).toBeNull()
    expect(await keys.verify(next)).toMatchObject({ name: 'admin (PARLEY_API_KEY)', scopes: ['admin'] })
    expect((await rows()).filter((r) => r.source === 'env').map((r) => r.revoked_at)).toEqual(expect.arrayContaining([T0 + 2, null]))
    expect(storesNoPartOf(JSON.stringify(await rows()), ENV_KEY)).toBe(true)
    // Back to the first key: it was revoked, and is not taken back.
    const first = (await keys.list({ includeRevoked: true })).find((k) => k.revokedAt === T0 + 2)!
    expect(await keys.adoptEnvironmentKey(ENV_KEY, T0 + 3)).toEqual({ kind: 'revoked_before', id: first.id, revokedAt: T0 + 2 })
    expect(await keys.verify(ENV_KEY)).toBeNull()
    expect(await keys.verify(next)).not.toBeNull()
  })

  it('takes a key from the environment as unchanged when one active row has it, whatever revoked copies exist (processes started together)', async () => {
    await keys.adoptEnvironmentKey(ENV_KEY, T0)
    const [row] = await rows()
    // What two processes adopting the same new key at once can leave: the first one's row revoked by the second, whose row is active.
    await t.database.db.updateTable('api_keys').set({ revoked_at: T0 + 1 }).where('id', '=', row!.id).execute()
    await t.database.db.insertInto('api_keys').values({ ...row!, id: 'key_zzzzzzzzzzzzzzzz', key_hash: hashKey(ENV_KEY, 'c2FsdC1vZi1hLWNvcHk'), salt: 'c2FsdC1vZi1hLWNvcHk', revoked_at: null }).execute()
    expect(await keys.adoptEnvironmentKey(ENV_KEY, T0 + 2)).toEqual({ kind: 'unchanged' })
    expect(await keys.verify(ENV_KEY)).not.toBeNull()
  })
})

describeEachDatabase('migration 0010: keys stored before', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect, { migrateBefore: '0010-scoped-api-keys' })
  })
  afterEach(async () => t.close())

  const CREATED = 1_700_000_000_000

  it('revokes the unsalted SHA-256 keys and erases their hash and clear-text prefix', async () => {
    const { database } = t
    const old = 'a-sixteen-char-k'
    const hash = createHash('sha256').update(old).digest('hex')
    await sql`insert into api_keys (id, name, key_hash, prefix, role, created_at) values ('key_old', 'admin (PARLEY_API_KEY)', ${hash}, ${old.slice(0, 8)}, 'admin', ${CREATED})`.execute(database.db)

    await migrateToLatest(database)
    const [row] = await database.db.selectFrom('api_keys').selectAll().execute()
    expect(row).toMatchObject({ id: 'key_old', source: 'env', scopes: '["admin"]', salt: null, key_hash: 'erased:key_old' })
    expect(row!.revoked_at).toBeGreaterThan(CREATED)
    expect(JSON.stringify(row)).not.toContain(old.slice(0, 8))
    const keys = createApiKeyStore(database)
    expect(await keys.verify(old)).toBeNull()
    expect(await keys.countActive()).toBe(0)
  })
})
