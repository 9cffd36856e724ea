/**
 * The Parley under test, in a process of its own (started by parley-throughput.ts): API, webhook
 * processing and dispatcher, built by `createParley` from `loadConfig(process.env)` like
 * `parley start` (admin key, template sync, listen), except that the senders come from
 * BENCH_SENDERS (the environment configures one sender only) and the provider base URL is the
 * sandbox process's.
 *
 * A separate process, not `createParley` in the benchmark's own: the load generator's JSON and
 * HTTP work stays off Parley's event loop (as a real client's would), and the peak RSS, CPU time
 * and event-loop utilisation reported are Parley's alone.
 *
 * With PARLEY_PROCESSES at 2 (`auto` on a machine of two cores, as `parley start` chooses) this
 * process is the API and webhook intake and starts a second one of itself (BENCH_ROLE=worker) for
 * dispatch and webhook processing, through the same `forkWorkerProcess` as `parley start`; its CPU
 * and memory are reported too.
 */
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ensureAdminKey } from '../src/cli/api-key.js'
import { answerParentProcess, attachWorkerProcess, forkWorkerProcess, servingRoles, type WorkerProcess } from '../src/cli/worker-process.js'
import { loadConfig, type ParleyConfig, type SenderConfig } from '../src/config.js'
import { createParley } from '../src/main.js'
import { createLogger } from '../src/runtime/logger.js'
import { serveRpc } from './processes.js'
import { sampleRss } from './rss.js'
import { figuresBetween, installStatementProfile, publishStatementFigures, readStatementSnapshot, resetStatementFigures, statementFigures, type StatementFigure } from './statement-profile.js'

if (process.env.BENCH_STATEMENT_PROFILE === '1') installStatementProfile()
// With --statements, the worker process's figures come through this file (see publishStatementFigures).
const workerStatementsFile = process.env.BENCH_STATEMENT_PROFILE === '1' ? join(tmpdir(), `parley-bench-statements-${process.pid}.json`) : null
const base = loadConfig(process.env)
const senders = JSON.parse(process.env.BENCH_SENDERS ?? '[]') as SenderConfig[]
const sandboxUrl = process.env.BENCH_SANDBOX_URL
if (!sandboxUrl || senders.length === 0) throw new Error('BENCH_SANDBOX_URL and BENCH_SENDERS are required')
const config: ParleyConfig = { ...base, sandbox: { ...base.sandbox, url: sandboxUrl }, senders }

const logger = createLogger(config.logLevel)

if (process.env.BENCH_ROLE === 'worker') {
  // The background half: what `parley worker` does when `parley start` forks it.
  const worker = await createParley(config, { roles: { api: false, worker: true }, applyWebhooks: true, logger })
  if (process.env.BENCH_WORKER_STATEMENTS) publishStatementFigures(process.env.BENCH_WORKER_STATEMENTS)
  const stop = () => void worker.close().finally(() => process.exit(0))
  process.once('SIGTERM', stop)
  answerParentProcess(worker, stop)
} else {
  await serveParley()
}

async function serveParley(): Promise<void> {
  const split = config.processes === 2
  let worker: WorkerProcess | null = null
  const parley = await createParley(config, { ...servingRoles(split, () => worker), logger })
  await ensureAdminKey(config, parley.apiKeys, Date.now())
  // As `parley start` does: template sends are checked against the templates pulled from the provider
  // (the sandbox's WABA starts with Meta's samples, `hello_world` among them).
  const synced = await parley.syncTemplates()
  if (synced.kind !== 'synced') throw new Error(`template sync failed: ${JSON.stringify(synced.error)}`)
  const url = await parley.app!.listen({ host: config.http.host, port: config.http.port })
  worker = split
    ? forkWorkerProcess({
        // This very file: the benchmark runs it bundled (bench/bundle.ts), as `parley start` forks its own entry.
        entry: process.argv[1]!,
        args: [],
        env: { ...process.env, BENCH_ROLE: 'worker', PARLEY_PUBLIC_URL: url, ...(workerStatementsFile ? { BENCH_WORKER_STATEMENTS: workerStatementsFile } : {}) },
        logger,
        onFeedChange: () => parley.feedChangedElsewhere(),
      })
    : null
  if (worker) await attachWorkerProcess(parley, worker)
const workerRss = sampleRss(50, () => processRss(worker?.pid() ?? null))

const rss = sampleRss()
let cpu = process.cpuUsage()
let elu = performance.eventLoopUtilization()
let workerStatementsBefore: StatementFigure[] = []

let closing: Promise<void> | null = null
function close(): Promise<void> {
  closing ??= Promise.all([parley.close(), worker?.stop()]).then(() => {
    rss.stop()
    workerRss.stop()
    if (workerStatementsFile) rmSync(workerStatementsFile, { force: true })
  })
  return closing
}

serveRpc({
  /** Starts a measurement window: peak RSS, CPU time and event-loop utilisation from now on. */
  reset() {
    resetStatementFigures()
    if (workerStatementsFile) workerStatementsBefore = readStatementSnapshot(workerStatementsFile)
    rss.reset()
    workerRss.reset()
    cpu = process.cpuUsage()
    elu = performance.eventLoopUtilization()
    return { workerPid: worker?.pid() ?? null }
  },
  /** What happened since the last reset. */
  usage() {
    const used = process.cpuUsage(cpu)
    const loop = performance.eventLoopUtilization(elu)
    return {
      peakRss: rss.peak(),
      workerPeakRss: worker ? workerRss.peak() : null,
      maxRssEver: process.resourceUsage().maxRSS * 1024,
      cpuMs: (used.user + used.system) / 1000,
      eventLoopUtilization: loop.utilization,
      workerInFlight: parley.worker?.inFlight() ?? 0,
      statements: statementFigures(),
      workerStatements: workerStatementsFile && worker ? figuresBetween(workerStatementsBefore, readStatementSnapshot(workerStatementsFile)) : undefined,
    }
  },
  async close() {
    await close()
    return {}
  },
})

// A normal exit, so that --cpu-prof (if given) writes its profile.
const stop = () => void close().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)

process.stdout.write(`parley listening at ${url}\n`)
}

/** Another process's resident memory (the worker's), from Linux's /proc; 0 when there is none or off Linux. */
function processRss(pid: number | null): number {
  if (pid === null) return 0
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096
  } catch {
    return 0
  }
}
