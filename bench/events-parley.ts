import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadTemplateFolder } from '../src/cli/template-files.js'
import { toJson } from '../src/core/templates/definition-schema.js'
import { measureCpu, type CpuUse } from './cpu.js'
import { openForReading, type EngineName, type Place } from './engines.js'
import { PROMO_RULE, PROMO_TEMPLATES, tallyDecisions, type Decisions, type PoolParent } from './events-workload.js'
import { postAll } from './http-load.js'
import { quiet, type Usage } from './parley-throughput.js'
import { benchSenders, STACK_API_KEY, startParleyStack, type ParleyStack } from './parley-stack.js'
import { perSecond, sleep, spread, type Spread } from './stats.js'

/**
 * Parley's side of the events benchmark: Parley in its own process with a sandbox process (as
 * `npm run bench` runs them, one WhatsApp sender), given the school's rules and templates through
 * its API as an operator would (`PUT /v1/rules`, `POST /v1/templates?submit=true`, then waiting
 * for the sandbox's review), then the events posted to `POST /v1/events/batch`.
 */

export interface EventsLoad {
  warmup: readonly string[]
  bodies: readonly string[]
  events: number
  concurrency: number
  pool: readonly PoolParent[]
  /** Time the API process's SQLite statements (bench/statement-profile.ts). */
  statements?: boolean
  /** Write V8 CPU profiles of the Parley processes into this folder. */
  cpuProfDir?: string
}

export interface EventsParleyResult {
  events: number
  /** Every event answered. */
  eventsPerSec: number
  /** Outbound message rows created in the window (queued or scheduled), and when the last one was. */
  messageRows: number
  messagesPerSec: number
  requestMs: Spread
  decisions: Decisions
  /** Messages the dispatcher had the sandbox accept while the events were posted (it runs meanwhile, as in production). */
  sentMeanwhile: number
  parley: Usage
  cpu: CpuUse
}

export async function runEventsParley(engine: EngineName, place: Place, load: EventsLoad): Promise<EventsParleyResult> {
  // `sent` at once, delivered and read soon after: the queued messages' webhooks come back during the run.
  const stack = await startParleyStack(place.location, benchSenders(1), { sent: 0, delivered: 50, read: 100 }, {
    env: load.statements ? { BENCH_STATEMENT_PROFILE: '1' } : {},
    nodeArgs: load.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(load.cpuProfDir, `events-${engine}`)}`] : [],
  })
  const reader = await openForReading(place.location)
  try {
    await setUpSchool(stack, load.pool)
    const target = { origin: stack.url, path: '/v1/events/batch', headers: { authorization: `Bearer ${STACK_API_KEY}` } }
    tallyDecisions((await postAll(target, load.warmup, 2)).responses)
    // Let the warm-up's messages go out and their webhooks be applied: the window starts quiet.
    await sleep(1000)
    await quiet(stack.sandbox)

    const { workerPid } = await stack.parley.call<{ workerPid: number | null }>('reset')
    const sentBefore = (await stack.sandbox.stats()).accepted
    const pids = { parley: stack.parley.process.pid, ...(workerPid === null ? {} : { 'parley worker': workerPid }), sandbox: stack.sandbox.child.process.pid, bench: process.pid }
    const cpu = measureCpu(pids, engine === 'postgres')
    // Parley stamps each message with its own clock while handling the event, after this.
    const since = Date.now()
    const run = await postAll(target, load.bodies, load.concurrency)
    const cpuUse = cpu.stop()
    const usage = await stack.parley.call<Usage>('usage')
    const sentMeanwhile = (await stack.sandbox.stats()).accepted - sentBefore

    const rows = await reader.db
      .selectFrom('messages')
      .where('direction', '=', 'outbound')
      .where('created_at', '>=', since)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
      .executeTakeFirstOrThrow()
    const messageRows = Number(rows.n)
    return {
      events: load.events,
      eventsPerSec: perSecond(load.events, run.finishedAt - run.startedAt),
      messageRows,
      messagesPerSec: perSecond(messageRows, Number(rows.last) - run.startedAt),
      requestMs: spread(run.responses.map((r) => r.latencyMs)),
      decisions: tallyDecisions(run.responses),
      sentMeanwhile,
      parley: usage,
      cpu: cpuUse,
    }
  } finally {
    await reader.close()
    await stack.close()
  }
}

/** The school's rules (examples/rules.yaml and a marketing rule), its templates approved, and the pool's consent given. */
async function setUpSchool(stack: ParleyStack, pool: readonly PoolParent[]): Promise<void> {
  const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${STACK_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`)
    return JSON.parse(text)
  }
  await api('PUT', '/v1/rules', { document: (await readFile('examples/rules.yaml', 'utf8')) + PROMO_RULE })
  const loaded = await loadTemplateFolder('examples/templates')
  if (loaded.problems.length > 0) throw new Error(`examples/templates: ${JSON.stringify(loaded.problems)}`)
  const templates = [...loaded.inputs.map((i) => toJson(i.definition)), ...PROMO_TEMPLATES]
  for (const template of templates) await api('POST', '/v1/templates?submit=true', template)
  // The sandbox reviews each after PARLEY_SANDBOX_REVIEW_MS (2 s by default) and says so by webhook.
  const deadline = Date.now() + 60_000
  for (;;) {
    const { data } = (await api('GET', '/v1/templates?limit=500')) as { data: Array<{ name: string; language: string; status: string }> }
    const rejected = data.find((t) => t.status === 'rejected')
    if (rejected) throw new Error(`the sandbox rejected template ${rejected.name} (${rejected.language})`)
    if (data.length >= templates.length && data.every((t) => t.status === 'approved')) break
    if (Date.now() > deadline) throw new Error(`templates not approved within 60 s: ${JSON.stringify(data.map((t) => [t.name, t.language, t.status]))}`)
    await sleep(250)
  }
  for (const parent of pool) await api('PUT', `/v1/contacts/${encodeURIComponent(parent.phone)}`, parent.profile)
}
