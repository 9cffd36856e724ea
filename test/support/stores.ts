import { afterEach, beforeEach } from 'vitest'
import type { Ids } from '../../src/core/ports.js'
import type { Database } from '../../src/store/dialect.js'
import { createStores, type Stores } from '../../src/store/stores.js'
import { openTestDatabase, type DialectName, type TestDatabase } from './databases.js'

/** Every store port, and the database under them (for what a contract checks in its tables). */
export type TestStores = Stores & { database: Database }

/**
 * Gives each test of the suite a fresh, migrated database of `dialect` with every store over it,
 * closed after the test. Returns the getter the tests read them with (inside a test, not at collection).
 */
export function useStores(dialect: DialectName, ids: Ids): () => TestStores {
  let current: { t: TestDatabase; stores: TestStores } | null = null
  beforeEach(async () => {
    const t = await openTestDatabase(dialect)
    current = { t, stores: { ...createStores(t.database, ids), database: t.database } }
  })
  afterEach(async () => {
    const ending = current
    current = null
    await ending?.t.close()
  })
  return () => {
    if (!current) throw new Error('useStores: the stores exist only while a test runs')
    return current.stores
  }
}
