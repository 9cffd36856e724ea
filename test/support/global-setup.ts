import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import pg from 'pg'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

const run = promisify(execFile)

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Finds (and if needed starts) the PostgreSQL the dialect-parametrised suites run against.
 * In CI (`CI` set) a missing PostgreSQL fails the run; elsewhere its suites are skipped, loudly.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PARLEY_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL
  let reachable = await canConnect(url)
  if (!reachable) {
    await run('bash', ['scripts/ensure-postgres.sh']).catch(() => undefined)
    reachable = await canConnect(url)
  }
  if (!reachable && process.env.CI) {
    throw new Error(`PostgreSQL is required in CI but is not reachable at ${url} (scripts/ensure-postgres.sh could not start it)`)
  }
  if (!reachable) {
    console.warn(`\n!! PostgreSQL not reachable at ${url}: every PostgreSQL test is SKIPPED. Run scripts/ensure-postgres.sh or set PARLEY_TEST_DATABASE_URL.\n`)
  }
  project.provide('postgresUrl', reachable ? url : null)
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null
  }
}
