import { NO_FAULTS, type Sandbox } from '../../src/sandbox/index.js'
import type { PrivatePostgres } from '../support/private-postgres.js'
import { eventually, TEST_API_KEY } from '../support/harness.js'
import type { WebhookRelay } from '../support/webhook-relay.js'
import { canHaveMoved, violations, type Violations } from './invariants.js'
import type { Peek } from './peek.js'
import { describeAction, type ChaosAction } from './schedule.js'
import type { Supervised, Supervisor } from './supervisor.js'

/** Everything one chaos run acts on and looks at. */
export interface ChaosWorld {
  label: string
  messages: number
  batchSize: number
  /** Digits that make this run's recipients its own, e.g. `71`. */
  recipientPrefix: string
  /** Parley's API (a fixed port, so it is the same after each restart). */
  apiUrl: string
  sandbox: Sandbox
  relay: WebhookRelay
  supervisor: Supervisor
  processes: Record<string, Supervised>
  postgres?: PrivatePostgres
  peek: Peek
  schedule: ChaosAction[]
  /** The faults that stay on for the whole run (e.g. batched statuses). */
  baseFaults: Partial<typeof NO_FAULTS>
  log(line: string): void
}

export interface ChaosResult {
  violations: Violations
  summary: Record<string, unknown>
}

/** A message seen in one status and later in another. */
type StatusMove = { id: string; from: string; to: string }

const template = { name: 'hello_world', language: 'en_US' }
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Posts one batch until Parley answers it; the idempotency key makes every retry safe. Returns the ids. */
async function postBatch(world: ChaosWorld, index: number): Promise<string[]> {
  const messages = Array.from({ length: world.batchSize }, (_, i) => ({
    // Ends in 1: the sandbox treats numbers ending in 0000 as not on WhatsApp.
    to: `+49151${world.recipientPrefix}${String(index * world.batchSize + i).padStart(5, '0')}1`,
    template,
  }))
  const body = JSON.stringify({ messages })
  return eventually(
    async () => {
      const response = await fetch(`${world.apiUrl}/v1/messages/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': `chaos-${world.label}-${index}` },
        body,
        signal: AbortSignal.timeout(15_000),
      }).catch(() => null)
      if (response === null || (response.status !== 202 && response.status !== 200)) {
        // Parley is down, restarting or without its database: what a client does, try again.
        await pause(100)
        return undefined
      }
      const answer = (await response.json()) as { accepted: number; results: Array<{ id?: string }> }
      if (answer.accepted !== world.batchSize) throw new Error(`batch ${index} answered ${JSON.stringify(answer).slice(0, 400)}`)
      return answer.results.map((r) => r.id!)
    },
    180_000,
    `Parley to accept batch ${index}`,
  )
}

/** The messages the sandbox has taken, as the run's measure of progress. */
const progress = (world: ChaosWorld) => world.sandbox.stats().accepted

/**
 * Posts the load in batches, a few batches ahead of what the sandbox has taken and never far past
 * the next step of the chaos (`gate()`, a share of the run): however fast the machine, each step
 * strikes while messages are being posted and sent.
 */
async function load(world: ChaosWorld, ids: string[], gate: () => number): Promise<void> {
  const ahead = world.batchSize * 4
  for (let index = 0; index * world.batchSize < world.messages; index++) {
    const open = () => ids.length - progress(world) < ahead && ids.length < gate() * world.messages + ahead
    await eventually(async () => open(), 240_000, `the sandbox to take messages (${progress(world)} of ${ids.length} posted)`)
    ids.push(...(await postBatch(world, index)))
  }
}

async function statuses(world: ChaosWorld): Promise<Map<string, string>> {
  const rows = await world.peek.rows<{ id: string; status: string }>("select id, status from messages where direction = 'outbound'")
  return new Map(rows.map((r) => [r.id, r.status]))
}

function countStatuses(statuses: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

/**
 * Samples every message's status until stopped, noting any move no allowed transition explains,
 * and logs where the run stands every 10 s (what a stalled run was waiting for).
 */
function sampleStatuses(world: ChaosWorld, since: () => string) {
  const last = new Map<string, string>()
  const backwards: StatusMove[] = []
  let stopped = false
  let logged = Date.now()
  const done = (async () => {
    while (!stopped) {
      const now = await statuses(world).catch(() => null)
      if (Date.now() - logged > 10_000) {
        logged = Date.now()
        const up = Object.values(world.processes).map((p) => `${p.name} ${p.up() ? 'up' : 'down'}`)
        world.log(`${since()} sandbox took ${progress(world)}; Parley: ${now ? JSON.stringify(countStatuses(now.values())) : 'database unreachable'}; ${up.join(', ')}`)
      }
      for (const [id, status] of now ?? []) {
        const before = last.get(id)
        if (before !== undefined && !canHaveMoved(before, status)) backwards.push({ id, from: before, to: status })
        last.set(id, status)
      }
      await pause(300)
    }
  })()
  return {
    backwards,
    stop: async () => {
      stopped = true
      await done
    },
  }
}

async function perform(world: ChaosWorld, action: ChaosAction): Promise<void> {
  switch (action.kind) {
    case 'kill': {
      const target = world.processes[action.process]!
      await target.kill9()
      await pause(action.downMs)
      // Fails while the database is away (a restart under way): tried again until it is back.
      await eventually(async () => (await target.start(), true), 180_000, `${target.name} to start again`)
      return
    }
    case 'restart-postgres':
      await world.postgres!.crash()
      await pause(action.downMs)
      await world.postgres!.start()
      return
    case 'faults':
      world.sandbox.setFaults(action.faults)
  }
}

/**
 * Runs each step in the background, in order per target (a process, PostgreSQL, the faults), so
 * that a restart under way holds up neither the load nor the steps for other targets.
 */
function stepper(world: ChaosWorld, since: () => string) {
  const chains = new Map<string, Promise<void>>()
  const failures: unknown[] = []
  return {
    launch(action: ChaosAction) {
      const target = action.kind === 'kill' ? action.process : action.kind
      const next = (chains.get(target) ?? Promise.resolve()).then(async () => {
        world.log(`${since()} ${describeAction(action)}`)
        await perform(world, action).catch((error: unknown) => void failures.push(error))
      })
      chains.set(target, next)
    },
    async finish() {
      await Promise.all(chains.values())
      if (failures.length > 0) throw new Error(`chaos steps failed: ${failures.map(String).join('; ')}`)
    },
  }
}

/** Starts again, every half second, what died on its own (a start that fails is tried again next time). */
function healer(world: ChaosWorld) {
  let stopped = false
  const done = (async () => {
    while (!stopped) {
      await world.supervisor.heal().catch(() => undefined)
      await pause(500)
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await done
    },
  }
}

async function count(world: ChaosWorld, query: string, family: 'main' | 'receipts' = 'main'): Promise<number> {
  const rows = await world.peek.rows<{ n: number | string }>(query, family)
  return Number(rows[0]?.n ?? 0)
}

async function quiet(world: ChaosWorld, ids: string[], backwards: StatusMove[]): Promise<Violations | undefined> {
  if (!world.supervisor.allUp()) return undefined
  const stats = world.sandbox.stats()
  if (stats.webhooks.pending + stats.webhooks.scheduled + stats.webhooks.batched > 0) return undefined
  if ((await count(world, "select count(*) as n from webhook_receipts where state = 'pending'", 'receipts')) > 0) return undefined
  const found = observe(world, ids, await statuses(world), backwards)
  const settled = found.notEnded.count + found.neverSent.count + found.webhookLost.count === 0
  return settled ? found : undefined
}

function observe(world: ChaosWorld, ids: string[], finalStatuses: Map<string, string>, backwards: StatusMove[]): Violations {
  return violations({
    acceptedIds: ids,
    finalStatuses,
    sandboxAccepted: world.sandbox.accepted(),
    acknowledged: world.relay.acknowledged(),
    backwards,
    unexpectedExits: world.supervisor.unexpectedExits,
    sandboxDroppedWebhooks: world.sandbox.stats().webhooks.dropped,
  })
}

/** Runs the load through the schedule, waits for everything to settle, and reports what broke. */
export async function runChaos(world: ChaosWorld): Promise<ChaosResult> {
  const started = Date.now()
  const since = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
  world.sandbox.setFaults(world.baseFaults)
  await world.supervisor.heal()
  const ids: string[] = []
  const sampler = sampleStatuses(world, since)
  const revive = healer(world)
  const steps = stepper(world, since)
  let next = 0
  const loading = load(world, ids, () => world.schedule[next]?.at ?? 1)
  // Settles only if the load fails, so that a wait for progress ends with the load's error.
  const loadFailed = loading.then(() => new Promise<never>(() => undefined))
  for (; next < world.schedule.length; next++) {
    const action = world.schedule[next]!
    const reached = eventually(async () => progress(world) >= action.at * world.messages, 240_000, `progress to reach ${describeAction(action)}`)
    void reached.catch(() => undefined)
    await Promise.race([reached, loadFailed])
    steps.launch(action)
  }
  await loading
  await steps.finish()
  world.sandbox.setFaults({ ...NO_FAULTS, ...world.baseFaults })
  world.log(`${since()} all ${ids.length} messages accepted, the chaos is over; waiting for quiescence`)
  let quiescence = 'reached'
  await eventually(() => quiet(world, ids, sampler.backwards), 240_000, 'quiescence').catch((error: Error) => {
    quiescence = error.message
  })
  await revive.stop()
  await sampler.stop()
  const final = await statuses(world)
  const found = observe(world, ids, final, sampler.backwards)
  const stats = world.sandbox.stats()
  const summary = {
    seconds: Math.round((Date.now() - started) / 1000),
    quiescence,
    messages: ids.length,
    byStatus: countStatuses(final.values()),
    sandboxAccepted: stats.accepted,
    faults: stats.faults,
    webhooks: { posted: stats.webhooks.posted, failedAttempts: stats.webhooks.failedAttempts, duplicated: stats.webhooks.duplicated, dropped: stats.webhooks.dropped },
    requeuedByReconciler: await count(world, "select count(*) as n from message_events where source = 'reconciler'"),
    // Acknowledged webhooks Parley gave up applying: each is a lost webhook, whatever it said.
    receiptsSetAside: await world.peek.rows("select id, attempts, error from webhook_receipts where state = 'failed'", 'receipts'),
  }
  world.log(`${since()} ${JSON.stringify(summary)}`)
  return { violations: found, summary }
}
