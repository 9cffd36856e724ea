import type { BareClaimResult, BareInsertResult, SandboxCeilingResult } from './baselines.js'
import type { CpuUse } from './cpu.js'
import { ENGINE_LABEL, type EngineName } from './engines.js'
import type { Machine } from './machine.js'
import type { ParleyResult, PhaseResult } from './parley-throughput.js'
import type { PeerResult } from './peer/peer-throughput.js'
import { fmtMb, fmtMs, fmtRate, fmtRatio, ratio, type Spread } from './stats.js'
import { describeExactlyOnce } from './verify.js'

/** Everything one `npm run bench` measured; also what bench/results/<time>.json holds. */
export interface BenchResults {
  startedAt: string
  machine: Machine
  commit: string
  options: Record<string, unknown>
  /** The typical stack (bench/peer/), once per run: what each engine's Parley is compared with. */
  peer?: PeerResult
  engines: EngineResult[]
}

export interface EngineResult {
  engine: EngineName
  skipped?: string
  error?: string
  sandboxCeiling?: SandboxCeilingResult
  bareInsert?: BareInsertResult
  bareClaim?: BareClaimResult
  parley?: ParleyResult
}

const RATE_LIMIT = 1000

type Cell = (e: EngineResult) => string

const pair = (s: Spread | undefined) => (s ? `${fmtMs(s.p50)} / ${fmtMs(s.p99)}` : '—')
const withRatio = (value: string, r: number, of: string) => (Number.isFinite(r) ? `${value} (${fmtRatio(r)} ${of})` : value)
const phase = (e: EngineResult, name: keyof ParleyResult['phases']): PhaseResult | undefined => e.parley?.phases[name]

/** CPU use as `name cores, …, others x (machine y)`. */
export function cpuLine(cpu: CpuUse | undefined): string {
  if (!cpu) return '—'
  const parts = Object.entries(cpu.cores).map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
  if (!Number.isFinite(cpu.machineCores)) return parts.join(', ')
  // What the machine did besides the benchmark's own processes: other users of a shared box.
  const others = cpu.machineCores - Object.values(cpu.cores).reduce((a, b) => a + b, 0)
  return `${parts.join(', ')}, others ${Math.max(0, others).toFixed(2)} (machine ${cpu.machineCores.toFixed(2)})`
}

/** The table, one column per engine, as Markdown (readable as plain text too). */
export function renderTable(results: BenchResults): string {
  const engines = results.engines
  const rows: Array<[string, Cell]> = [
    [`**Throughput**: ${fmtRate(results.options.n as number)} messages, batches of ${results.options.batchSize}, ${results.options.concurrency} in flight, ${results.options.senders} senders`, () => ''],
    ['Accepted by the API, msg/s', (e) => withRatio(fmtRate(phase(e, 'throughput')?.acceptedPerSec ?? NaN), ratio(phase(e, 'throughput')?.acceptedPerSec, e.bareInsert?.msgPerSec), 'bare insert')],
    ['Sent (provider 200), msg/s', (e) => withRatio(fmtRate(phase(e, 'throughput')?.sentPerSec ?? NaN), ratio(phase(e, 'throughput')?.sentPerSec, e.bareClaim?.claimsPerSec), 'bare claim loop')],
    ['End to end (`read` applied), msg/s', (e) => withRatio(fmtRate(phase(e, 'throughput')?.endToEndPerSec ?? NaN), ratio(phase(e, 'throughput')?.endToEndPerSec, peerRate(results)), 'the typical stack')],
    ['… of the sandbox ceiling', (e) => { const r = ratio(phase(e, 'throughput')?.endToEndPerSec, e.sandboxCeiling?.endToEndPerSec); return Number.isFinite(r) ? fmtRatio(r) : '—' }],
    ['accept→provider 200, p50 / p99 (queueing included)', (e) => pair(phase(e, 'throughput')?.acceptToProviderMs)],
    ['accept→`sent` applied, p50 / p99 (queueing included)', (e) => pair(phase(e, 'throughput')?.acceptToSentMs)],
    ['Peak RSS of the Parley process (+ its worker process)', (e) => rssCell(e)],
    ['Parley CPU per message, end to end', (e) => cpuPerMessageCell(e)],
    ['Parley event-loop utilisation', (e) => { const u = phase(e, 'throughput')?.parley.eventLoopUtilization; return u === undefined ? '—' : `${Math.round(u * 100)} %` }],
    ['CPU in cores (2 = the machine)', (e) => cpuLine(phase(e, 'throughput')?.cpu)],
    [`**One sender**, limit raised to ${fmtRate(RATE_LIMIT)}: ${fmtRate(results.options.soloN as number)} messages`, () => ''],
    ['Sent (provider 200), msg/s', (e) => withRatio(fmtRate(phase(e, 'oneSender')?.sentPerSec ?? NaN), ratio(phase(e, 'oneSender')?.sentPerSec, RATE_LIMIT), 'the limit')],
    ['End to end, msg/s', (e) => fmtRate(phase(e, 'oneSender')?.endToEndPerSec ?? NaN)],
    [`**Offered load**: ${fmtRate((results.options.offered as { ratePerSecond: number }).ratePerSecond)} msg/s from one sender (limit ${fmtRate(RATE_LIMIT)}) for ${(results.options.offered as { seconds: number }).seconds} s in batches of ${(results.options.offered as { batchSize: number }).batchSize}`, () => ''],
    ['Offered / sent, msg/s', (e) => `${fmtRate(phase(e, 'offered')?.offeredPerSec ?? NaN)} / ${fmtRate(phase(e, 'offered')?.sentPerSec ?? NaN)}`],
    ['accept→provider 200, p50 / p99', (e) => pair(phase(e, 'offered')?.acceptToProviderMs)],
    ['accept→`sent` applied, p50 / p99', (e) => pair(phase(e, 'offered')?.acceptToSentMs)],
    ['POST answered (client side), p50 / p99', (e) => pair(phase(e, 'offered')?.requestMs)],
    ['**Baselines** (same run)', () => ''],
    ['Bare insert server, msg/s', (e) => fmtRate(e.bareInsert?.msgPerSec ?? NaN)],
    ['Bare claim loop (100 per claim), claims/s', (e) => (e.bareClaim ? `${fmtRate(e.bareClaim.claimsPerSec)} (${e.bareClaim.claimers} claimer${e.bareClaim.claimers > 1 ? 's' : ''})` : '—')],
    ['Sandbox ceiling: sends/s; end to end msg/s', (e) => (e.sandboxCeiling ? `${fmtRate(e.sandboxCeiling.sendsPerSec)}; ${fmtRate(e.sandboxCeiling.endToEndPerSec)}` : '—')],
    ['The typical stack (Fastify + PostgreSQL + BullMQ), end to end msg/s', () => peerCell(results.peer)],
    ['**Exactly once** (every phase)', (e) => exactlyOnce(e)],
  ]
  const header = `| | ${engines.map((e) => ENGINE_LABEL[e.engine]).join(' | ')} |`
  const rule = `| --- | ${engines.map(() => '---').join(' | ')} |`
  const body = rows.map(([label, cell]) => `| ${label} | ${engines.map((e) => (e.skipped ? (label.startsWith('**') ? '' : 'skipped') : cell(e))).join(' | ')} |`)
  const notes = engines.flatMap((e) => [
    ...(e.skipped ? [`${ENGINE_LABEL[e.engine]} skipped: ${e.skipped}`] : []),
    ...(e.error ? [`${ENGINE_LABEL[e.engine]} failed: ${e.error}`] : []),
  ])
  return [header, rule, ...body, ...(notes.length ? ['', ...notes] : [])].join('\n')
}

function rssCell(e: EngineResult): string {
  const usage = phase(e, 'throughput')?.parley
  const api = withRatio(fmtMb(usage?.peakRss ?? NaN), ratio(usage?.peakRss, e.bareInsert?.peakRss), 'bare server')
  return usage?.workerPeakRss ? `${api} + ${fmtMb(usage.workerPeakRss)}` : api
}

/** CPU milliseconds per message of the processes named `prefix…` in a measurement of `messages`. */
function cpuMsPerMessage(cpu: CpuUse | undefined, prefix: string, messages: number | undefined): number {
  if (!cpu || !messages) return Number.NaN
  const cores = Object.entries(cpu.cores).reduce((sum, [name, c]) => (name.startsWith(prefix) ? sum + c : sum), 0)
  return (cores * cpu.wallMs) / messages
}

/**
 * Parley's CPU per message (API and worker processes), against the sandbox's own per message in
 * the ceiling run: the emulator does the provider's share of the same work, so the ratio carries
 * across machines where milliseconds do not.
 */
function cpuPerMessageCell(e: EngineResult): string {
  const t = phase(e, 'throughput')
  const parley = cpuMsPerMessage(t?.cpu, 'parley', t?.messages)
  const sandbox = cpuMsPerMessage(e.sandboxCeiling?.cpu, 'sandbox', e.sandboxCeiling?.messages)
  return Number.isFinite(parley) ? withRatio(`${parley.toFixed(2)} ms`, ratio(parley, sandbox), "the sandbox's") : '—'
}

/** The typical stack's end-to-end rate, when it was measured and every message arrived exactly once. */
function peerRate(results: BenchResults): number | undefined {
  const peer = results.peer
  return peer?.kind === 'measured' && peer.throughput.exactlyOnce.ok ? peer.throughput.endToEndPerSec : undefined
}

function peerCell(peer: PeerResult | undefined): string {
  if (!peer) return 'not run'
  if (peer.kind === 'skipped') return `skipped: ${peer.reason}`
  const t = peer.throughput
  const rss = `peak RSS ${fmtMb(t.peakRss.api)} API + ${fmtMb(t.peakRss.worker)} worker`
  const once = t.exactlyOnce.ok ? 'each read once' : `PROBLEM: ${JSON.stringify(t.exactlyOnce)}`
  return `${fmtRate(t.endToEndPerSec)} (${cpuLine(t.cpu)}; ${rss}; ${once})`
}

function exactlyOnce(e: EngineResult): string {
  if (!e.parley) return '—'
  const phases = Object.values(e.parley.phases)
  const bad = phases.filter((p) => !p.exactlyOnce.ok)
  const total = phases.reduce((sum, p) => sum + p.messages, 0)
  const sandbox = e.parley.sandbox
  const refusals = Object.entries(sandbox.rejected).map(([code, n]) => `${n}× ${code}`)
  const extra = [
    ...(refusals.length ? [`sandbox refused ${refusals.join(', ')}`] : []),
    ...(sandbox.webhookFailedAttempts ? [`${sandbox.webhookFailedAttempts} webhook POSTs not answered 200`] : []),
    ...(sandbox.webhooksDropped ? [`${sandbox.webhooksDropped} webhooks dropped`] : []),
  ]
  const main = bad.length === 0 ? `yes: all ${fmtRate(total)} read, each sent once` : bad.map((p) => `${p.name}: ${describeExactlyOnce(p.exactlyOnce)}`).join('; ')
  return [main, ...extra].join('; ')
}

/** The targets, each with what this run measured and a plain verdict. */
export function renderVerdicts(results: BenchResults): string {
  const lines: string[] = []
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met')
  const peer = peerRate(results)
  for (const e of results.engines.filter((x) => x.parley)) {
    const e2e = e.parley!.phases.throughput.endToEndPerSec
    const vsPeer = ratio(e2e, peer)
    lines.push(`- End to end ≥ 3× the typical stack (${ENGINE_LABEL[e.engine]}): ${Number.isFinite(vsPeer) ? fmtRatio(vsPeer) : 'no peer figure'} — ${verdict(Number.isFinite(vsPeer) ? vsPeer >= 3 : undefined)}`)
    const vsCeiling = ratio(e2e, e.sandboxCeiling?.endToEndPerSec)
    lines.push(`- End to end ≥ 0.6× the sandbox ceiling (${ENGINE_LABEL[e.engine]}): ${Number.isFinite(vsCeiling) ? fmtRatio(vsCeiling) : '—'} — ${verdict(Number.isFinite(vsCeiling) ? vsCeiling >= 0.6 : undefined)}`)
  }
  for (const e of results.engines.filter((x) => x.parley)) {
    const solo = e.parley!.phases.oneSender.sentPerSec
    lines.push(`- ≥ 1,000 msg/s from one sender (${ENGINE_LABEL[e.engine]}): ${fmtRate(solo)} msg/s sent — ${verdict(solo >= 1000)}`)
  }
  for (const e of results.engines.filter((x) => x.parley)) {
    const offered = e.parley!.phases.offered
    lines.push(
      `- p99 accept→sent < 50 ms at 1,000 msg/s offered (${ENGINE_LABEL[e.engine]}): ${fmtMs(offered.acceptToSentMs.p99)} — ${verdict(offered.acceptToSentMs.p99 < 50)}`,
    )
  }
  return lines.join('\n')
}
