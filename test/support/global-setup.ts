import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import pg from 'pg'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

const run = promisify(execFile)

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'
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
  project.provide('chromiumPath', findChromium())
  // Built once here, when stale, rather than by each test that starts Parley at the same time.
  await run(process.execPath, ['bin/web-build.js'], { timeout: 300_000 }).catch((error: Error) => console.warn(`\n!! The operator inbox could not be built: ${error.message}\n`))
}

/**
 * The headless Chromium the browser tests drive. Installing it is scripts/ensure-chromium.sh's job
 * (.ci/run calls it), not every test run's; in CI its absence fails the run, elsewhere the browser
 * tests are skipped, loudly.
 */
function findChromium(): string | null {
  const path = process.env.PARLEY_CHROMIUM ?? DEFAULT_CHROMIUM
  if (existsSync(path)) return path
  if (process.env.CI) throw new Error(`Chromium is required in CI but ${path} is missing (run scripts/ensure-chromium.sh)`)
  console.warn(`\n!! Chromium not found at ${path}: every browser test is SKIPPED. Run scripts/ensure-chromium.sh (as root) or set PARLEY_CHROMIUM.\n`)
  return null
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null
    chromiumPath: string | null
  }
}
