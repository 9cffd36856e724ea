import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS } from '../../src/config.js'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { freePort, metaSandboxEnv, START_BANNER_END } from '../support/cli.js'
import { TEST_API_KEY } from '../support/harness.js'
import { privatePostgresMissing, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js'
import { startWebhookRelay, type WebhookRelay } from '../support/webhook-relay.js'
import { NO_VIOLATIONS } from './invariants.js'
import { peekPostgres, peekSqlite, type Peek } from './peek.js'
import { runChaos } from './run-chaos.js'
import { planSchedule, seededRandom, type SchedulePlan } from './schedule.js'
import { Supervisor } from './supervisor.js'

/**
 * Issue 9: Parley under chaos, probed from outside. Real `parley` processes (the API, and on
 * PostgreSQL two workers besides) are killed -9 at random points of a few thousand sends and
 * started again, while the sandbox's faults come and go and, on PostgreSQL, the database server
 * itself is stopped and started. At the end, through the sandbox's records, the webhooks Parley
 * acknowledged and Parley's database: every accepted message exists and has ended, none was sent
 * twice, no acknowledged webhook was lost, no status ever moved backwards, no process died on its own.
 *
 * The schedule is drawn from a seed, printed at the start; CHAOS_SEED=<n> repeats a run's schedule
 * (and the sandbox's fault dice; the timing of a real run can still differ).
 */

const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomInt(2 ** 31 - 1)

/**
 * Parley's settings for the run. The reconciler resends a message stuck in `sending` once no status
 * webhook has vouched for it for the grace period, counted from when Parley could receive webhooks
 * again (an API outage does not eat into it). 20 s covers the sandbox's next retry once Parley is
 * back (its waits are capped at 0.5 s here) plus the processing lag of a loaded 2-core machine, and
 * is short enough that a killed worker's messages are resent within the run's budget.
 */
function parleyEnv(sandbox: Sandbox, extra: Record<string, string>): Record<string, string> {
  return {
    PARLEY_API_KEY: TEST_API_KEY,
    // The sandbox runs in the test, outside every process the chaos kills: `meta` pointed at it.
    ...metaSandboxEnv(sandbox.url),
    PARLEY_META_TIMEOUT_MS: '1000',
    PARLEY_LEASE_MS: '6000',
    PARLEY_RECONCILE_GRACE_MS: '20000',
    PARLEY_POLL_INTERVAL_MS: '10',
    PARLEY_RETRY_BASE_MS: '20',
    PARLEY_RETRY_MAX_MS: '200',
    // Faults switch on 5xx for a stretch; a message must not run out of attempts while they last.
    PARLEY_MAX_ATTEMPTS: '30',
    PARLEY_RATE_PER_SECOND: '200',
    PARLEY_TEMPLATE_SYNC_MS: '0',
    ...extra,
  }
}

/** What a run sets up, torn down after it. */
interface Rig {
  sandbox: Sandbox
  relay: WebhookRelay
  supervisor: Supervisor
  peek?: Peek
  postgres?: PrivatePostgres
  dir?: string
}

let rig: Partial<Rig> = {}
afterEach(async () => {
  await rig.supervisor?.stopAll()
  await rig.peek?.close().catch(() => undefined)
  await rig.relay?.close()
  await rig.sandbox?.close()
  await rig.postgres?.destroy()
  if (rig.dir) rmSync(rig.dir, { recursive: true, force: true })
  rig = {}
})

/** The sandbox, outside the chaos, and the relay that records what Parley acknowledged; Parley's API on `apiPort`. */
async function startProvider(seed: number, apiPort: number): Promise<{ sandbox: Sandbox; relay: WebhookRelay }> {
  const relay = await startWebhookRelay(() => `http://127.0.0.1:${apiPort}/webhooks/meta`)
  const sandbox = await startSandbox(
    sandboxOptions({
      phoneNumbers: [{ id: SANDBOX_CREDENTIALS.phoneNumberId, displayPhoneNumber: '15550001234', mps: 1000 }],
      statusDelaysMs: { sent: 5, delivered: 30, read: 60 },
      // Meta retries webhooks for days (docs/platform.md §2.6); here every 0.5 s at most, for minutes,
      // so that nothing is dropped during the run and a restarted Parley gets the backlog at once.
      webhookRetry: { maxAttempts: 1000, initialDelayMs: 50, maxDelayMs: 500 },
      templates: [],
      webhookUrl: relay.url,
      random: seededRandom(seed + 1),
    }),
  )
  return { sandbox, relay }
}

const log = (label: string) => (line: string) => console.info(`[chaos ${label} seed=${SEED}] ${line}`)

interface ChaosRun {
  label: string
  plan: SchedulePlan
  messages: number
  /** Digits that keep this run's recipients apart from other runs'. */
  recipientPrefix: string
  apiPort: number
  peek: Peek
  postgres?: PrivatePostgres
  /** Adds the Parley processes, the API first, on the given sandbox. */
  processes(supervisor: Supervisor, sandbox: Sandbox): void
}

async function chaos(run: ChaosRun) {
  const say = log(run.label)
  say(`schedule from seed ${SEED} (repeat with CHAOS_SEED=${SEED})`)
  const supervisor = new Supervisor()
  const { sandbox, relay } = await startProvider(SEED, run.apiPort)
  rig = { ...rig, sandbox, relay, supervisor, peek: run.peek }
  run.processes(supervisor, sandbox)
  return runChaos({
    label: run.label,
    messages: run.messages,
    batchSize: 100,
    recipientPrefix: run.recipientPrefix,
    apiUrl: `http://127.0.0.1:${run.apiPort}`,
    sandbox,
    relay,
    supervisor,
    processes: Object.fromEntries(Object.keys(run.plan.kills).map((name) => [name, supervisor.get(name)])),
    ...(run.postgres ? { postgres: run.postgres } : {}),
    peek: run.peek,
    schedule: planSchedule(seededRandom(SEED), run.plan),
    // Statuses batched as Meta may do, so that webhook delivery keeps up on a loaded machine.
    baseFaults: { batchWindowMs: 20 },
    log: say,
  })
}

const missing = privatePostgresMissing()
const describePostgres = missing && !process.env.CI ? describe.skip : describe

describePostgres(`chaos on PostgreSQL: an API process and two workers${missing ? ` — skipped: ${missing}` : ''}`, () => {
  it('accounts for every message through kill -9s, sandbox faults and a PostgreSQL restart', async () => {
    // In CI a machine that cannot run a private PostgreSQL fails here, with the reason.
    const postgres = await startPrivatePostgres()
    rig.postgres = postgres
    const apiPort = await freePort()
    const { violations } = await chaos({
      label: 'postgres',
      plan: { kills: { api: 2, 'worker-1': 1, 'worker-2': 1 }, restartPostgres: true },
      messages: 1200,
      recipientPrefix: '71',
      apiPort,
      postgres,
      peek: peekPostgres(postgres.url),
      processes: (supervisor, sandbox) => {
        const env = parleyEnv(sandbox, { PARLEY_DATABASE_URL: postgres.url, PARLEY_PORT: String(apiPort) })
        supervisor.add('api', ['start'], env, START_BANNER_END)
        supervisor.add('worker-1', ['worker'], env, 'worker ready')
        supervisor.add('worker-2', ['worker'], env, 'worker ready')
      },
    })
    expect(violations).toEqual(NO_VIOLATIONS)
  }, 420_000)
})

describe('chaos on SQLite: one `parley start`', () => {
  it('accounts for every message through kill -9s and sandbox faults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-'))
    rig.dir = dir
    const apiPort = await freePort()
    const { violations } = await chaos({
      label: 'sqlite',
      plan: { kills: { api: 2 }, restartPostgres: false },
      messages: 500,
      recipientPrefix: '72',
      apiPort,
      peek: peekSqlite(join(dir, 'parley.db')),
      processes: (supervisor, sandbox) => {
        supervisor.add('api', ['start'], parleyEnv(sandbox, { PARLEY_DATA_DIR: dir, PARLEY_PORT: String(apiPort) }), START_BANNER_END)
      },
    })
    expect(violations).toEqual(NO_VIOLATIONS)
  }, 300_000)
})
