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
 * Posts the load in batches, a little ahead of what the sandbox has taken, so that the API is
 * being written to whenever the chaos strikes, however fast the machine.
 */
async function load(world: ChaosWorld, ids: string[]): Promise<void> {
  const ahead = world.batchSize * 4
  for (let index = 0; index * world.batchSize < world.messages; index++) {
    await eventually(async () => ids.length - progress(world) < ahead, 240_000, `the sandbox to take messages (${progress(world)} of ${ids.length} posted)`)
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
  const backwards: Array<{ id: string; from: string; to: string }> = []
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
      await target.start()
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

/** Starts what died on its own; a start that fails (the database still away) is tried again. */
async function heal(world: ChaosWorld): Promise<void> {
  await eventually(async () => (await world.supervisor.heal(), true), 120_000, 'the processes to start again')
}

async function count(world: ChaosWorld, query: string): Promise<number> {
  const rows = await world.peek.rows<{ n: number | string }>(query)
  return Number(rows[0]?.n ?? 0)
}

async function quiet(world: ChaosWorld, ids: string[], backwards: ChaosResult['violations']['backwards']['first']): Promise<Violations | undefined> {
  await heal(world)
  const stats = world.sandbox.stats()
  if (stats.webhooks.pending + stats.webhooks.scheduled + stats.webhooks.batched > 0) return undefined
  if ((await count(world, "select count(*) as n from webhook_receipts where state = 'pending'")) > 0) return undefined
  const found = observe(world, ids, await statuses(world), backwards)
  const settled = found.notEnded.count + found.neverSent.count + found.webhookLost.count === 0
  return settled ? found : undefined
}

function observe(world: ChaosWorld, ids: string[], finalStatuses: Map<string, string>, backwards: Array<{ id: string; from: string; to: string }>): Violations {
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
  await heal(world)
  const ids: string[] = []
  const sampler = sampleStatuses(world, since)
  const loading = load(world, ids)
  // Settles only if the load fails, so that a wait for progress ends with the load's error.
  const loadFailed = loading.then(() => new Promise<never>(() => undefined))
  for (const action of world.schedule) {
    const reached = eventually(async () => progress(world) >= action.at * world.messages, 240_000, `progress to reach ${describeAction(action)}`)
    void reached.catch(() => undefined)
    await Promise.race([reached, loadFailed])
    world.log(`${since()} ${describeAction(action)}`)
    await perform(world, action)
    await heal(world)
  }
  world.sandbox.setFaults({ ...NO_FAULTS, ...world.baseFaults })
  await loading
  world.log(`${since()} all ${ids.length} messages accepted; waiting for quiescence`)
  let quiescence = 'reached'
  await eventually(() => quiet(world, ids, sampler.backwards), 240_000, 'quiescence').catch((error: Error) => {
    quiescence = error.message
  })
  await sampler.stop()
  const found = observe(world, ids, await statuses(world), sampler.backwards)
  const stats = world.sandbox.stats()
  const byStatus = countStatuses((await statuses(world)).values())
  const requeued = await count(world, "select count(*) as n from message_events where actor = 'reconciler'")
  const summary = {
    seconds: Math.round((Date.now() - started) / 1000),
    quiescence,
    messages: ids.length,
    byStatus,
    sandboxAccepted: stats.accepted,
    faults: stats.faults,
    webhooks: { posted: stats.webhooks.posted, failedAttempts: stats.webhooks.failedAttempts, duplicated: stats.webhooks.duplicated, dropped: stats.webhooks.dropped },
    requeuedByReconciler: requeued,
  }
  world.log(`${since()} ${JSON.stringify(summary)}`)
  return { violations: found, summary }
}
