/**
 * `npm run bench [-- --n 20000 --engines sqlite,postgres --cpu-prof --no-peer --processes 1|2]`
 * `npm run bench -- --quick`: a minute's check (N = 2,000, 3 s of offered load), every part still run.
 *
 * Parley end to end on each engine, next to raw baselines measured in the same run (see
 * baselines.ts), because the machine is small and shared: an absolute figure from a noisy 2-core
 * box means little on its own, a ratio to what the same box did a minute earlier means more.
 * Prints a table and writes bench/results/<time>.json.
 *
 * `npm run bench -- --soak <minutes> [--soak-rate 200]` runs the soak instead (bench/soak.ts).
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { bareClaim, bareInsert, sandboxCeiling } from './baselines.js'
import { cleanupAll, installCleanupHandlers, wasInterrupted } from './cleanup.js'
import { createPlace, ENGINE_LABEL, postgresUnreachable, type EngineName } from './engines.js'
import { commit, machine, machineLine, writeResults } from './machine.js'
import { runParley, type ParleyBenchOptions } from './parley-throughput.js'
import { runPeer } from './peer/peer-throughput.js'
import { renderTable, renderVerdicts, type BenchResults, type EngineResult } from './report.js'
import { runSoak, summaryLine } from './soak.js'

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    /** A minute's check: a small N and a short offered-load phase; figures are noisier, not comparable with the default size. */
    quick: { type: 'boolean', default: false },
    engines: { type: 'string', default: 'sqlite,postgres' },
    'solo-n': { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    'offered-rate': { type: 'string', default: '1000' },
    'offered-seconds': { type: 'string' },
    /** Parley's PARLEY_PROCESSES for the run (default: its own choice, `auto`). */
    processes: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    /** Time Parley's statements (SQLite's, or PostgreSQL's round trips) and print the costliest per message of the throughput phase. */
    statements: { type: 'boolean', default: false },
    /** Leave out the typical stack (bench/peer/): Parley's figures then carry no ratio to it. */
    'no-peer': { type: 'boolean', default: false },
    /** Minutes of steady load with RSS and latency sampled every 10 s (bench/soak.ts), instead of the run above. */
    soak: { type: 'string' },
    'soak-rate': { type: 'string', default: '200' },
  },
})

if (values.soak !== undefined) {
  installCleanupHandlers()
  const soak = await runSoak({ minutes: positiveInt('soak', values.soak), ratePerSecond: positiveInt('soak-rate', values['soak-rate']), resultsDir: resolve('bench/results') }).finally(cleanupAll)
  process.stdout.write(`\nSoak: ${summaryLine(soak.summary)}\nRaw results: ${soak.file}\nChart: ${soak.chart}\n`)
  process.exit(0)
}

const n = positiveInt('n', values.n ?? (values.quick ? '2000' : '20000'))
const engines = values.engines.split(',').map((e) => e.trim()) as EngineName[]
for (const engine of engines) if (!(engine in ENGINE_LABEL)) throw new Error(`--engines: unknown engine "${engine}" (sqlite, postgres)`)

const resultsDir = resolve('bench/results')
const options: ParleyBenchOptions = {
  n,
  soloN: values['solo-n'] ? positiveInt('solo-n', values['solo-n']) : Math.max(1000, Math.round(n / 2)),
  warmup: values.quick ? 500 : Math.min(2000, n),
  batchSize: 1000,
  concurrency: positiveInt('concurrency', values.concurrency),
  senders: 4,
  offered: { ratePerSecond: positiveInt('offered-rate', values['offered-rate']), seconds: positiveInt('offered-seconds', values['offered-seconds'] ?? (values.quick ? '3' : '10')), batchSize: 50 },
  // `sent` at once, so accept→sent is Parley's own latency plus the HTTP hops, not an emulated delay.
  delays: { sent: 0, delivered: 50, read: 100 },
  ...(values['cpu-prof'] ? { cpuProfDir: join(resultsDir, 'profiles') } : {}),
  statements: values.statements,
  ...(values.processes ? { processes: processCount(values.processes) } : {}),
}

function processCount(value: string): 1 | 2 {
  if (value !== '1' && value !== '2') throw new Error(`--processes must be 1 or 2, got ${value}`)
  return value === '1' ? 1 : 2
}

function positiveInt(name: string, value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`)
  return parsed
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

installCleanupHandlers()
const results: BenchResults = {
  startedAt: new Date().toISOString(),
  machine: machine(),
  commit: commit(),
  options: { ...options },
  engines: [],
}
log(machineLine(results.machine, results.commit))

try {
  if (!values['no-peer']) {
    // Once per run, before the engines: it uses PostgreSQL and Redis whatever engines Parley is measured on.
    log('the typical stack (Fastify + PostgreSQL + BullMQ worker on Redis)')
    const peerPlace = await createPlace('postgres', 'peer').catch((error: Error) => error)
    if (peerPlace instanceof Error) {
      results.peer = { kind: 'skipped', reason: `PostgreSQL: ${peerPlace.message}` }
    } else {
      results.peer = await runPeer(peerPlace, { n, warmup: options.warmup, batchSize: options.batchSize, concurrency: options.concurrency, senders: options.senders, delays: options.delays }).finally(() => peerPlace.drop())
    }
    if (results.peer.kind === 'skipped') log(`the typical stack skipped: ${results.peer.reason}`)
  }
  for (const engine of engines) {
    const result: EngineResult = { engine }
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
      // Engine-independent, but measured next to each engine's run: the machine's noise drifts.
      log(`${ENGINE_LABEL[engine]}: baseline: sandbox ceiling`)
      result.sandboxCeiling = await sandboxCeiling(n, 64, options.delays, options.warmup)
      log(`${ENGINE_LABEL[engine]}: baseline: bare insert server`)
      const insertPlace = await createPlace(engine, 'insert')
      result.bareInsert = await bareInsert(engine, insertPlace, n, options.batchSize, options.concurrency, options.warmup).finally(() => insertPlace.drop())
      log(`${ENGINE_LABEL[engine]}: baseline: bare claim loop`)
      const claimPlace = await createPlace(engine, 'claim')
      result.bareClaim = await bareClaim(engine, claimPlace, n).finally(() => claimPlace.drop())
      log(`${ENGINE_LABEL[engine]}: Parley (warm-up, throughput, one sender, offered load)`)
      const parleyPlace = await createPlace(engine, 'parley')
      result.parley = await runParley(engine, parleyPlace, options).finally(() => parleyPlace.drop())
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error)
      log(`${ENGINE_LABEL[engine]} failed: ${result.error}`)
    }
  }
} finally {
  await cleanupAll()
}

// Interrupted: the cleanup handler ends the process; half-measured phases are not results.
if (wasInterrupted()) await new Promise(() => undefined)

const file = writeResults(resultsDir, '', results.startedAt, results)

process.stdout.write(
  [
    '',
    `Parley benchmark — ${results.startedAt.slice(0, 10)}, ${results.machine.nproc} cores (${results.machine.cpu}), node ${results.machine.node}, commit ${results.commit}`,
    '',
    renderTable(results),
    '',
    'Targets:',
    renderVerdicts(results),
    '',
    ...statementLines(),
    `Raw results: ${file}`,
    '',
  ].join('\n'),
)
const failed = (results.peer?.kind === 'measured' && !results.peer.throughput.exactlyOnce.ok) || results.engines.some((e) => e.error) || results.engines.some((e) => e.parley && Object.values(e.parley.phases).some((p) => !p.exactlyOnce.ok))
process.exitCode = failed ? 1 : 0

/** With --statements: the statements of each engine's throughput phase that cost the most, per message. */
function statementLines(): string[] {
  const lines: string[] = []
  for (const e of results.engines) {
    const phase = e.parley?.phases.throughput
    if (!phase?.parley.statements?.length) continue
    const per = (x: number) => x / phase.messages
    for (const [process, figures] of [['Parley process', phase.parley.statements], ['worker process', phase.parley.workerStatements ?? []]] as const) {
      if (figures.length === 0) continue
      lines.push(`Statements, ${ENGINE_LABEL[e.engine]} throughput phase (${phase.messages} messages), ${process}: calls per message, µs per message, SQL`)
      for (const f of figures) lines.push(`  ${per(f.calls).toFixed(2)}\t${(per(f.totalMs) * 1000).toFixed(0)}\t${f.sql.replace(/\s+/g, ' ').slice(0, 220)}`)
      lines.push('')
    }
  }
  return lines
}
