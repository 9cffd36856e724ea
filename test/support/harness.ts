import { loadConfig, SANDBOX_CREDENTIALS, type ParleyConfig } from '../../src/config.js'
import { META_SANDBOX_ACCOUNT } from '../../src/providers/meta-cloud/meta-kind.js'
import type { MetaCloudConfig } from '../../src/providers/meta-cloud/index.js'
import { createParley, type Parley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import type { Clock } from '../../src/core/ports.js'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { sandboxOptions, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { openTestDatabase, type DialectName, type TestDatabase } from './databases.js'

export const TEST_API_KEY = 'pk_test_0123456789abcdefghijklmnop'

export interface Harness {
  parley: Parley
  sandbox: Sandbox
  db: TestDatabase
  config: ParleyConfig
  /** Parley's base URL (a real socket). */
  url: string
  /** Calls the API over HTTP with the test key. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export interface HarnessOptions {
  env?: Record<string, string>
  sandbox?: Parameters<typeof sandboxOptions>[0]
  /** Run the dispatcher in this process (default true). */
  worker?: boolean
  senders?: ParleyConfig['senders']
  /** Accounts instead of the one-sender configuration's (give `senders` on them too). */
  accounts?: ParleyConfig['accounts']
  /** Start without the first template sync (an account whose provider refuses it). */
  skipTemplateSync?: boolean
  /** A clock Parley and the sandbox share (to stand at a chosen time of day); the real one by default. */
  clock?: Clock
}

/** The Meta adapter's settings for the harness's sandbox number, for a test that builds a second adapter of its own. */
export function sandboxMetaConfig(h: Pick<Harness, 'sandbox' | 'config'>): MetaCloudConfig & { wabaId: string } {
  return { ...META_SANDBOX_ACCOUNT, baseUrl: h.sandbox.url, apiVersion: 'v23.0', phoneNumberId: SANDBOX_CREDENTIALS.phoneNumberId, requestTimeoutMs: h.config.providerTimeoutMs }
}

/** A clock that only moves when told to. */
export function manualClock(start: number): Clock & { set(at: number): void; advance(ms: number): number } {
  let at = start
  return {
    now: () => at,
    set: (next) => void (at = next),
    advance: (ms) => (at += ms),
  }
}

/**
 * The real clock plus an offset that only grows: time keeps flowing (leases, retries and the
 * sandbox's status delays behave as usual) and a test can jump a day ahead for Parley and the
 * sandbox at once, as a browser's fake clock can for the page.
 */
export function shiftedClock(): Clock & { advance(ms: number): number } {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      if (!(ms >= 0)) throw new Error('a shifted clock only moves forward')
      offset += ms
      return Date.now() + offset
    },
  }
}

/** The fast settings tests run with: short delays, leases and backoffs. */
export const FAST_ENV: Record<string, string> = {
  PARLEY_LOG_LEVEL: 'silent',
  PARLEY_PORT: '0',
  PARLEY_POLL_INTERVAL_MS: '10',
  PARLEY_RETRY_BASE_MS: '20',
  PARLEY_RETRY_MAX_MS: '200',
  PARLEY_LEASE_MS: '6000',
  PARLEY_RECONCILE_GRACE_MS: '1000',
  PARLEY_META_TIMEOUT_MS: '1000',
  // Tests call the API as fast as they can with one key; the tests of rate limits give a key its own.
  PARLEY_API_KEY_RATE_PER_SECOND: '100000',
  PARLEY_API_KEY_BURST: '100000',
}

/**
 * Parley (API + webhooks + dispatcher) on a fresh database, with the real sandbox as provider,
 * both listening on real sockets.
 */
export async function startHarness(dialect: DialectName, options: HarnessOptions = {}): Promise<Harness> {
  const db = await openTestDatabase(dialect)
  const sandbox = await startSandbox(
    sandboxOptions({
      statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
      // Generous: a test process under load answers slowly, and a dropped webhook is lost evidence.
      webhookRetry: { maxAttempts: 30, initialDelayMs: 20, maxDelayMs: 1000 },
      ...(options.clock ? { now: () => options.clock!.now() } : {}),
      ...options.sandbox,
    } as Partial<SandboxOptions>),
  )
  const base = loadConfig({ ...FAST_ENV, PARLEY_API_KEY: TEST_API_KEY, ...options.env })
  const config: ParleyConfig = {
    ...base,
    sandbox: { ...base.sandbox, url: sandbox.url },
    senders: options.senders ?? base.senders,
    accounts: options.accounts ?? base.accounts,
  }
  const parley = await createParley(config, {
    roles: { api: true, worker: options.worker ?? true },
    logger: createLogger('silent'),
    database: db.database,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  // The provider's templates (the sandbox seeds Meta's samples, `hello_world` among them) are known before anything is sent.
  if (!options.skipTemplateSync) {
    const synced = await parley.syncTemplates()
    if (synced.kind !== 'synced') throw new Error(`template sync failed: ${JSON.stringify(synced)}`)
  }
  await parley.apiKeys.adoptEnvironmentKey(TEST_API_KEY, Date.now())
  const url = await parley.app!.listen({ host: '127.0.0.1', port: 0 })
  // As `parley start` does: each provider the sandbox stands in for posts to its account's own URL.
  // (At the address Parley listens on, even when a test sets PARLEY_PUBLIC_URL.)
  for (const account of config.accounts) {
    const published = new URL(parley.accounts.webhookUrl(account.id)!)
    if (account.sandbox) sandbox.setCallbackUrl(account.provider, `${url}${published.pathname}${published.search}`)
  }

  return {
    parley,
    sandbox,
    db,
    config,
    url,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // not JSON (e.g. /metrics)
      }
      return { status: response.status, body: parsed }
    },
    async close() {
      await parley.close()
      await sandbox.close()
      await db.close()
    },
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export { SANDBOX_CREDENTIALS }

/** A request to `app` (injected, no socket) with `key` as its bearer key and `body`, when given, as JSON. */
export function injectWithKey(app: FastifyInstance, key: string, method: InjectOptions['method'], url: string, body?: unknown) {
  return app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
}
