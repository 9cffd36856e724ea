/**
 * `npm run bench:events [-- --n 20000 --engines sqlite,postgres --concurrency 4 --statements --cpu-prof]`
 *
 * The events API (issue 13): business events per second through rules and policy to messages
 * in the outbox. Per engine, the same pre-serialised `POST /v1/events/batch` bodies (100 events
 * each, bench/events-workload.ts) go to Parley (bench/events-parley.ts) and, in the same run, to
 * the bare insert server (bench/bare-insert-server.ts: each event one row of a plain table, one
 * transaction per batch), with the same client and requests in flight, so that every Parley
 * figure is also a ratio to what the machine did without Parley. Prints a table and writes
 * bench/results/events-<time>.json.
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { bareInsertOf, type BareInsertResult } from './baselines.js'
import { cleanupAll, installCleanupHandlers, wasInterrupted } from './cleanup.js'
import { createPlace, ENGINE_LABEL, postgresUnreachable, type EngineName } from './engines.js'
import { runEventsParley, type EventsParleyResult } from './events-parley.js'
import { eventBodies, poolParents } from './events-workload.js'
import { commit, machine, machineLine, writeResults } from './machine.js'
import { cpuLine } from './report.js'
import { fmtMb, fmtMs, fmtRate, fmtRatio, ratio } from './stats.js'

const BATCH = 100
const resultsDir = resolve('bench/results')

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    concurrency: { type: 'string', default: '4' },
    /** Time Parley's SQLite statements and print the costliest per event. */
    statements: { type: 'boolean', default: false },
    /** V8 profiles of the Parley processes in bench/results/profiles/events-<engine>/. */
    'cpu-prof': { type: 'boolean', default: false },
  },
})

function positiveInt(name: string, value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`)
  return parsed
}

const n = positiveInt('n', values.n)
const concurrency = positiveInt('concurrency', values.concurrency)
const warmup = Math.min(1000, n)
const engines = values.engines.split(',').map((e) => e.trim()) as EngineName[]
for (const engine of engines) if (!(engine in ENGINE_LABEL)) throw new Error(`--engines: unknown engine "${engine}" (sqlite, postgres)`)

interface EngineEvents {
  engine: EngineName
  skipped?: string
  error?: string
  bareInsert?: BareInsertResult
  parley?: EventsParleyResult
}

const log = (line: string) => process.stderr.write(`[bench:events] ${line}\n`)

installCleanupHandlers()
const results = { startedAt: new Date().toISOString(), machine: machine(), commit: commit(), options: { n, warmup, batchSize: BATCH, concurrency }, engines: [] as EngineEvents[] }
log(machineLine(results.machine, results.commit))

try {
  for (const engine of engines) {
    const result: EngineEvents = { engine }
    results.engines.push(result)
    if (engine === 'postgres') {
      const why = await postgresUnreachable()
      if (why) {
        result.skipped = why
        log(`PostgreSQL skipped: ${why}`)
        continue
      }
    }
    try {
      const pool = poolParents(n)
      const load = {
        warmup: eventBodies(warmup, BATCH, 'warm', [], Date.now()),
        bodies: eventBodies(n, BATCH, 'evt', pool, Date.now()),
        events: n,
        concurrency,
        pool,
        statements: values.statements,
        ...(values['cpu-prof'] ? { cpuProfDir: join(resultsDir, 'profiles') } : {}),
      }
      log(`${ENGINE_LABEL[engine]}: baseline: bare insert server`)
      const insertPlace = await createPlace(engine, 'events-insert')
      result.bareInsert = await bareInsertOf(engine, insertPlace, { path: '/v1/events/batch', warmup: load.warmup, bodies: load.bodies, items: n, concurrency }).finally(() => insertPlace.drop())
      log(`${ENGINE_LABEL[engine]}: Parley (set-up, ${warmup} warm-up events, ${n} events)`)
      const parleyPlace = await createPlace(engine, 'events')
      result.parley = await runEventsParley(engine, parleyPlace, load).finally(() => parleyPlace.drop())
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error)
      log(`${ENGINE_LABEL[engine]} failed: ${result.error}`)
    }
  }
} finally {
  await cleanupAll()
}

// Interrupted: the cleanup handler ends the process; half-measured runs are not results.
if (wasInterrupted()) await new Promise(() => undefined)

const file = writeResults(resultsDir, 'events-', results.startedAt, results)

type Cell = (e: EngineEvents) => string
const withRatio = (value: string, r: number) => (Number.isFinite(r) ? `${value} (${fmtRatio(r)} bare insert)` : value)
const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([what, count]) => `${what} ${fmtRate(count)}`)
    .join(', ')
const ifParley = (cell: (p: EventsParleyResult, e: EngineEvents) => string): Cell => (e) => (e.parley ? cell(e.parley, e) : e.skipped ? 'skipped' : e.error ? 'failed' : '—')

const rows: Array<[string, Cell]> = [
  [`**Events API**: ${fmtRate(n)} events, batches of ${BATCH}, ${concurrency} in flight`, () => ''],
  ['Events accepted (answered), events/s', ifParley((p, e) => withRatio(fmtRate(p.eventsPerSec), ratio(p.eventsPerSec, e.bareInsert?.msgPerSec)))],
  ['Messages created (queued or scheduled), msg/s', ifParley((p, e) => withRatio(fmtRate(p.messagesPerSec), ratio(p.messagesPerSec, e.bareInsert?.msgPerSec)))],
  ['POST answered, p50 / p99', ifParley((p, e) => `${fmtMs(p.requestMs.p50)} / ${fmtMs(p.requestMs.p99)} (${fmtRatio(ratio(p.requestMs.p50, e.bareInsert?.requestMs.p50))} / ${fmtRatio(ratio(p.requestMs.p99, e.bareInsert?.requestMs.p99))} bare insert)`)],
  ['Events by answer', ifParley((p) => tally(p.decisions.events))],
  ['Decisions', ifParley((p) => tally(p.decisions.byOutcome))],
  ['Message rows = queued + scheduled decisions', ifParley((p) => (p.messageRows === p.decisions.messages ? `yes, ${fmtRate(p.messageRows)}` : `no: ${fmtRate(p.messageRows)} rows, ${fmtRate(p.decisions.messages)} decisions`))],
  ['Marketing cap (1 a day) held', ifParley((p) => (p.decisions.parentsOverCap === 0 ? `yes: ${p.decisions.parentsWithPromotion} parents, one promotion each` : `no: ${p.decisions.parentsOverCap} of ${p.decisions.parentsWithPromotion} parents got more than one`))],
  ['Sent by the dispatcher meanwhile', ifParley((p) => fmtRate(p.sentMeanwhile))],
  ['Parley CPU per event (API + worker)', ifParley((p) => `${((Object.entries(p.cpu.cores).reduce((s, [k, c]) => (k.startsWith('parley') ? s + c : s), 0) * p.cpu.wallMs) / p.events).toFixed(2)} ms`)],
  ['Parley event-loop utilisation (API process)', ifParley((p) => `${Math.round(p.parley.eventLoopUtilization * 100)} %`)],
  ['Peak RSS, API + worker', ifParley((p) => `${fmtMb(p.parley.peakRss)} + ${fmtMb(p.parley.workerPeakRss ?? Number.NaN)}`)],
  ['CPU in cores (2 = the machine)', ifParley((p) => cpuLine(p.cpu))],
  ['**Baseline** (same run, same bodies)', () => ''],
  ['Bare insert server, events/s', (e) => (e.bareInsert ? fmtRate(e.bareInsert.msgPerSec) : '—')],
  ['Bare insert server, POST p50 / p99', (e) => (e.bareInsert ? `${fmtMs(e.bareInsert.requestMs.p50)} / ${fmtMs(e.bareInsert.requestMs.p99)}` : '—')],
]
const table = [
  `| | ${results.engines.map((e) => ENGINE_LABEL[e.engine]).join(' | ')} |`,
  `| --- | ${results.engines.map(() => '---').join(' | ')} |`,
  ...rows.map(([label, cell]) => `| ${label} | ${results.engines.map(cell).join(' | ')} |`),
]
const byRule = results.engines.flatMap((e) => (e.parley ? [`Decisions by rule, ${ENGINE_LABEL[e.engine]}: ${tally(e.parley.decisions.byRule)}`] : []))
// With --statements: the SQLite statements of the API process that cost the most, per event.
const statements = results.engines.flatMap((e) => {
  const figures = e.parley?.parley.statements ?? []
  if (figures.length === 0) return []
  const per = (x: number) => x / n
  return [
    `SQLite statements of the API process, ${ENGINE_LABEL[e.engine]} (${n} events): calls per event, µs per event, SQL`,
    ...figures.slice(0, 15).map((f) => `  ${per(f.calls).toFixed(2)}\t${(per(f.totalMs) * 1000).toFixed(0)}\t${f.sql.replace(/\s+/g, ' ').slice(0, 200)}`),
    `  the ${figures.length} costliest together: ${(per(figures.reduce((s, f) => s + f.calls, 0))).toFixed(1)} calls, ${((per(figures.reduce((s, f) => s + f.totalMs, 0))) * 1000).toFixed(0)} µs per event`,
    '',
  ]
})
const problems = results.engines.flatMap((e) => [...(e.skipped ? [`${ENGINE_LABEL[e.engine]} skipped: ${e.skipped}`] : []), ...(e.error ? [`${ENGINE_LABEL[e.engine]} failed: ${e.error}`] : [])])

process.stdout.write(
  [
    '',
    `Parley events API benchmark — ${results.startedAt.slice(0, 10)}, ${results.machine.nproc} cores (${results.machine.cpu}), node ${results.machine.node}, load average at start ${results.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, commit ${results.commit}`,
    '',
    ...table,
    '',
    ...byRule,
    '',
    ...statements,
    ...problems,
    `Raw results: ${file}`,
    '',
  ].join('\n'),
)
process.exitCode = results.engines.some((e) => e.error) ? 1 : 0
