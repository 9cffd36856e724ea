import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, inject } from 'vitest'
import type { Database } from '../../src/store/dialect.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'

export type DialectName = 'sqlite' | 'postgres'

/** A migrated, empty database of its own: a fresh SQLite file, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  database: Database
  /** How another process reaches the same database (a file path, or a URL plus schema). */
  location: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string }
  close(): Promise<void>
}

let counter = 0

/**
 * Kysely's migrator looks for its own tables by listing every table of every schema; when another
 * test process (or a benchmark on the same server) drops its schema at that moment, PostgreSQL
 * answers "schema … does not exist" about that other schema. Only then is the migration tried
 * again: it is about the neighbour, not us.
 */
async function migrateBesideOthers(database: Database, before: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(database, before === undefined ? {} : { before })
      return
    } catch (error) {
      const missing = /schema "([^"]+)" does not exist/.exec(String(error))?.[1]
      const neighbourGone = missing !== undefined && missing !== database.schema
      if (!neighbourGone || attempt >= 5) throw error
    }
  }
}

/** `migrateBefore` leaves that migration and later ones unapplied (to test a migration on rows written before it). */
export async function openTestDatabase(dialect: DialectName, options: { migrateBefore?: string } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'))
    const file = join(dir, 'parley.db')
    const database = openSqlite({ file })
    await migrateToLatest(database, options.migrateBefore === undefined ? {} : { before: options.migrateBefore })
    return {
      database,
      location: { kind: 'sqlite', file },
      close: async () => {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const url = inject('postgresUrl')
  if (!url) throw new Error('PostgreSQL is not available')
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const database = await openPostgres({ url, schema })
  await migrateBesideOthers(database, options.migrateBefore)
  return {
    database,
    location: { kind: 'postgres', url, schema },
    close: async () => {
      await database.close()
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    },
  }
}

/**
 * Runs a suite once per engine. The PostgreSQL run is skipped, with its reason in the name, only
 * when the global setup found no PostgreSQL (never in CI, where that fails the run instead).
 */
export function describeEachDatabase(name: string, suite: (dialect: DialectName) => void): void {
  const postgres = inject('postgresUrl')
  describe(`${name} [sqlite]`, () => suite('sqlite'))
  if (postgres) describe(`${name} [postgres]`, () => suite('postgres'))
  else describe.skip(`${name} [postgres] — skipped: PostgreSQL not reachable`, () => suite('postgres'))
}
