import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Database } from '../src/store/dialect.js'
import { openPostgres } from '../src/store/postgres/open-postgres.js'
import { openSqlite } from '../src/store/sqlite/open-sqlite.js'
import { onCleanup } from './cleanup.js'

/**
 * Where each measured thing keeps its data: a fresh SQLite file in a temp folder, or a fresh
 * PostgreSQL schema, created for one run and removed afterwards (also when the run fails).
 */

export type EngineName = 'sqlite' | 'postgres'

export const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }

export const POSTGRES_URL = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export type Location = { kind: 'sqlite'; dir: string; file: string } | { kind: 'postgres'; url: string; schema: string }

export interface Place {
  location: Location
  /** Removes the file or drops the schema. */
  drop(): Promise<void>
}

/** Null when PostgreSQL answers, else why not (the run then skips it and says so). */
export async function postgresUnreachable(url = POSTGRES_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return null
  } catch (error) {
    return `PostgreSQL not reachable at ${url}: ${(error as Error).message}`
  } finally {
    await client.end().catch(() => undefined)
  }
}

let counter = 0

export async function createPlace(engine: EngineName, label: string): Promise<Place> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `parley-bench-${label}-`))
    const drop = onCleanup(`temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true }))
    return { location: { kind: 'sqlite', dir, file: join(dir, 'parley.db') }, drop }
  }
  const schema = `bench_${label}_${process.pid}_${Date.now().toString(36)}_${counter++}`.replace(/[^a-z0-9_]/g, '_')
  await adminQuery(`create schema ${schema}`)
  const drop = onCleanup(`schema ${schema}`, () => adminQuery(`drop schema if exists ${schema} cascade`))
  return { location: { kind: 'postgres', url: POSTGRES_URL, schema }, drop }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** The environment that points `parley` at this location, exactly as an operator would configure it. */
export function parleyDatabaseEnv(location: Location): Record<string, string> {
  return location.kind === 'sqlite'
    ? { PARLEY_DATA_DIR: location.dir }
    : { PARLEY_DATABASE_URL: `${location.url}?options=${encodeURIComponent(`-c search_path=${location.schema}`)}` }
}

/** A connection of the benchmark's own, to read results (Parley's tables) after or during a phase. */
export async function openForReading(location: Location): Promise<Database> {
  return location.kind === 'sqlite' ? openSqlite({ file: location.file }) : openPostgres({ url: location.url, schema: location.schema, poolSize: 2 })
}
