import type { CpuUse } from './cpu.js'
import { ENGINE_LABEL, type EngineName } from './engines.js'
import type { Usage } from './parley-throughput.js'
import { cpuLine } from './report.js'
import { fmtMb, fmtMs, fmtRate, fmtRatio, ratio, type Spread } from './stats.js'

/** What `npm run bench:webhooks` measures per engine (bench/webhook-intake.ts), and how it is printed. */

export interface Intake {
  webhooks: number
  /** POSTs answered 200 per second. */
  perSec: number
  requestMs: Spread
  cpu: CpuUse
}

export interface ParleyIntake extends Intake {
  /** N over the time from the first POST until no receipt was pending. */
  appliedPerSec: number
  appliedMs: number
  /** Of the measured messages, by status afterwards: all `read` when every status was applied. */
  statuses: Record<string, number>
  receipts: Record<string, number>
  usage: Usage
}

export interface WebhookEngineResult {
  engine: EngineName
  skipped?: string
  error?: string
  bare?: Intake
  parley?: ParleyIntake
}

/** The table, one column per engine, as Markdown; `shape` is what the run was asked for. */
export function renderTable(results: WebhookEngineResult[], shape: { messages: number; concurrency: number }): string {
  const { messages, concurrency } = shape
  const measured = results.find((e) => e.parley)?.parley
  const rows: Array<[string, (e: WebhookEngineResult) => string]> = [
    [`**Webhook intake**: ${fmtRate(measured?.webhooks ?? messages * 3)} signed status webhooks (sent, delivered, read of ${fmtRate(messages)} messages), one status each, ${concurrency} in flight`, () => ''],
    ['Webhook intake, webhooks/s', (e) => withRatio(e.parley?.perSec, e.bare?.perSec)],
    ['Applied (status in `messages` and history), webhooks/s', (e) => withRatio(e.parley?.appliedPerSec, e.bare?.perSec)],
    ['POST answered, p50 / p99', (e) => pair(e.parley?.requestMs)],
    ['Measured messages by status afterwards; receipts by state', (e) => (e.parley ? `${counts(e.parley.statuses)}; ${counts(e.parley.receipts)}` : '—')],
    ['Parley event-loop utilisation; peak RSS', (e) => (e.parley ? `${Math.round(e.parley.usage.eventLoopUtilization * 100)} %; ${fmtMb(e.parley.usage.peakRss)}` : '—')],
    ['CPU in cores, first POST until applied (2 = the machine)', (e) => cpuLine(e.parley?.cpu)],
    ['Server CPU per webhook: Parley (+ its worker), until applied', (e) => cpuPerWebhook(e)],
    ['**Baseline** (same run): bare Fastify route verifying the HMAC, webhooks/s', (e) => fmtRate(e.bare?.perSec ?? NaN)],
    ['its POSTs answered, p50 / p99', (e) => pair(e.bare?.requestMs)],
    ['its CPU in cores', (e) => cpuLine(e.bare?.cpu)],
  ]
  const cell = (e: WebhookEngineResult, label: string, value: (e: WebhookEngineResult) => string) => (e.skipped || e.error ? (label.startsWith('**') ? '' : e.skipped ? 'skipped' : 'failed') : value(e))
  return [
    `| | ${results.map((e) => ENGINE_LABEL[e.engine]).join(' | ')} |`,
    `| --- | ${results.map(() => '---').join(' | ')} |`,
    ...rows.map(([label, value]) => `| ${label} | ${results.map((e) => cell(e, label, value)).join(' | ')} |`),
  ].join('\n')
}

/** CPU time per webhook of the server processes: less at the mercy of a busy machine than a rate, since waiting for a core costs none. */
const serverMicros = (x: Intake, names: string[]) => (names.reduce((sum, name) => sum + (x.cpu.cores[name] ?? 0), 0) * x.cpu.wallMs * 1000) / x.webhooks
function cpuPerWebhook(e: WebhookEngineResult): string {
  if (!e.parley || !e.bare) return '—'
  const parley = serverMicros(e.parley, ['parley', 'parley worker'])
  const bare = serverMicros(e.bare, ['bare'])
  return `${Math.round(parley)} µs (${fmtRatio(parley / bare)} the bare route's ${Math.round(bare)} µs)`
}

const pair = (s: Spread | undefined) => (s ? `${fmtMs(s.p50)} / ${fmtMs(s.p99)}` : '—')
const counts = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${fmtRate(v)}`).join(', ')
function withRatio(value: number | undefined, bare: number | undefined): string {
  const r = ratio(value, bare)
  return Number.isFinite(r) ? `${fmtRate(value!)} (${fmtRatio(r)} bare verifying route)` : fmtRate(value ?? NaN)
}

/** One line per engine: the intake's ratio to the bare route against the 0.8× target. */
export function verdicts(results: WebhookEngineResult[]): string[] {
  return results.map((e) => {
    if (e.skipped) return `- ${ENGINE_LABEL[e.engine]}: skipped (${e.skipped})`
    if (e.error) return `- ${ENGINE_LABEL[e.engine]}: failed (${e.error})`
    const r = ratio(e.parley?.perSec, e.bare?.perSec)
    return `- ${ENGINE_LABEL[e.engine]}: webhook intake at ${fmtRatio(r)} the bare verifying route (target ≥ 0.8×): ${r >= 0.8 ? 'met' : 'NOT met'}`
  })
}

/** With --statements: the SQLite statements of the measured window that cost the most, per webhook. */
export function statementLines(results: WebhookEngineResult[]): string[] {
  return results.flatMap((e) => {
    const p = e.parley
    if (!p?.usage.statements?.length) return []
    const per = (x: number) => x / p.webhooks
    return [
      `SQLite statements, ${ENGINE_LABEL[e.engine]} (${fmtRate(p.webhooks)} webhooks, intake until applied): calls per webhook, µs per webhook, SQL`,
      ...p.usage.statements.map((f) => `  ${per(f.calls).toFixed(2)}\t${(per(f.totalMs) * 1000).toFixed(0)}\t${f.sql.replace(/\s+/g, ' ').slice(0, 200)}`),
      '',
    ]
  })
}

