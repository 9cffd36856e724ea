import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { onCleanup } from './cleanup.js'
import { measureCpu, type CpuUse } from './cpu.js'
import type { EngineName, Place } from './engines.js'
import { postAll, type Response } from './http-load.js'
import { bundled } from './bundle.js'
import { baseEnv, spawnNode } from './processes.js'
import { SANDBOX_TOKEN, startSandboxProcess, type StatusDelays } from './sandbox-process.js'
import { perSecond, sleep, spread, type Spread } from './stats.js'
import { batchBodies, nextRecipient, TEMPLATE } from './workload.js'

/**
 * The raw baselines, measured in the same run as Parley so that every Parley figure is also a
 * ratio to what the machine does at that moment without Parley:
 *   (a) bare insert server — what accepting a batch costs at the least;
 *   (b) bare claim loop — what claiming and finishing outbox rows costs at the least;
 *   (c) sandbox ceiling — how fast the emulator itself accepts sends and posts their webhooks.
 */

/** The shortest window a baseline is measured over. */
export const MIN_WINDOW_MS = 2000

export interface BareInsertResult {
  messages: number
  msgPerSec: number
  requestMs: Spread
  peakRss: number
  cpu: CpuUse
}

/** (a): the same batch bodies, client and concurrency as Parley's throughput phase, against bare-insert-server.ts. */
export async function bareInsert(engine: EngineName, place: Place, n: number, batchSize: number, concurrency: number, warmup: number): Promise<BareInsertResult> {
  const senders = ['s1', 's2', 's3', 's4']
  return bareInsertOf(engine, place, { path: '/v1/messages/batch', warmup: batchBodies(warmup, 500, senders), bodies: batchBodies(n, batchSize, senders), items: n, concurrency })
}

/** What (a) posts: pre-serialised batch bodies to one of bare-insert-server.ts's routes; `items` counts what `bodies` hold. */
export interface BareLoad {
  path: string
  warmup: readonly string[]
  bodies: readonly string[]
  items: number
  concurrency: number
}

/** (a) for any batch route of the bare server (messages or events): `messages` and `msgPerSec` count the items. */
export async function bareInsertOf(engine: EngineName, place: Place, load: BareLoad): Promise<BareInsertResult> {
  const location = place.location
  const spec = location.kind === 'sqlite' ? { file: location.file } : { url: location.url, schema: location.schema }
  const child = spawnNode('bare insert server', [await bundled('bench/bare-insert-server.ts')], { ipc: true, env: { ...baseEnv(), BENCH_BARE: JSON.stringify(spec) } })
  try {
    const [, url] = await child.line(/bare listening at (\S+)/)
    const target = { origin: url!, path: load.path }
    await postAll(target, load.warmup, 2)
    await child.call('reset')
    const cpu = measureCpu({ bare: child.process.pid, bench: process.pid }, engine === 'postgres')
    // N messages take the bare server a fraction of a second: too short a window on a noisy
    // machine, so the same N go again until at least MIN_WINDOW_MS have passed.
    const started = Date.now()
    const responses: Response[] = []
    while (responses.length === 0 || Date.now() - started < MIN_WINDOW_MS) responses.push(...(await postAll(target, load.bodies, load.concurrency)).responses)
    const elapsed = Date.now() - started
    const cpuUse = cpu.stop()
    const failed = responses.find((r) => r.status !== 202)
    if (failed) throw new Error(`bare insert server answered HTTP ${failed.status}: ${failed.body.slice(0, 300)}`)
    const { peakRss } = await child.call<{ peakRss: number }>('usage')
    const messages = (responses.length / load.bodies.length) * load.items
    return { messages, msgPerSec: perSecond(messages, elapsed), requestMs: spread(responses.map((r) => r.latencyMs)), peakRss, cpu: cpuUse }
  } finally {
    await child.stop()
  }
}

export interface BareClaimResult {
  rows: number
  claimers: number
  claimsPerSec: number
  cpu: CpuUse
}

const CLAIM_BATCH = 100

/**
 * (b): 10 × N queued rows, claimed 100 at a time with one `UPDATE … RETURNING` (the candidates chosen
 * with `FOR UPDATE SKIP LOCKED` on PostgreSQL, as Parley does), then each batch marked done with
 * one more UPDATE. On PostgreSQL 4 claimers run at once, like Parley's 4 sender loops; on SQLite one
 * (better-sqlite3 is synchronous, so more would only take turns). Runs in the benchmark process:
 * nothing else runs meanwhile.
 */
export async function bareClaim(engine: EngineName, place: Place, n: number): Promise<BareClaimResult> {
  // N rows go by in tens of milliseconds: ten times as many make a window worth measuring.
  n *= 10
  const create = `create table bare_outbox (seq ${engine === 'sqlite' ? 'integer' : 'bigserial'} primary key, id text not null, status text not null, lease_until bigint, payload text not null)`
  const index = `create index bare_outbox_queued on bare_outbox (seq) where status = 'queued'`
  const payload = JSON.stringify({ kind: 'template', name: TEMPLATE.name, language: TEMPLATE.language, params: [] })
  const location = place.location
  if (location.kind === 'sqlite') {
    const db = new BetterSqlite3(location.file)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.exec(create)
      db.exec(index)
      const insert = db.prepare(`insert into bare_outbox (id, status, payload) values (?, 'queued', ?)`)
      db.transaction(() => {
        for (let i = 0; i < n; i++) insert.run(`msg_${i}`, payload)
      })()
      const claim = db.prepare(
        `update bare_outbox set status = 'sending', lease_until = ? where seq in (select seq from bare_outbox where status = 'queued' order by seq limit ${CLAIM_BATCH}) returning seq, id, payload`,
      )
      const finish = (seqs: number[]) => db.prepare(`update bare_outbox set status = 'done', lease_until = null where seq in (${seqs.map(() => '?').join(',')})`).run(...seqs)
      const cpu = measureCpu({ bench: process.pid }, false)
      const started = performance.now()
      let claimed = 0
      for (;;) {
        const rows = claim.all(Date.now() + 60_000) as Array<{ seq: number }>
        if (rows.length === 0) break
        finish(rows.map((r) => r.seq))
        claimed += rows.length
      }
      const elapsed = performance.now() - started
      if (claimed !== n) throw new Error(`bare claim loop claimed ${claimed} of ${n}`)
      return { rows: n, claimers: 1, claimsPerSec: perSecond(n, elapsed), cpu: cpu.stop() }
    } finally {
      db.close()
    }
  }
  const pool = new pg.Pool({ connectionString: location.url, max: 10, options: `-c search_path=${location.schema}` })
  try {
    await pool.query(create)
    await pool.query(index)
    await pool.query(`insert into bare_outbox (id, status, payload) select 'msg_' || g, 'queued', $1 from generate_series(1, $2::int) g`, [payload, n])
    await pool.query('analyze bare_outbox')
    const claimers = 4
    const cpu = measureCpu({ bench: process.pid }, true)
    const started = performance.now()
    let claimed = 0
    await Promise.all(
      Array.from({ length: claimers }, async () => {
        for (;;) {
          const { rows } = await pool.query<{ seq: string }>(
            `with next as materialized (select seq from bare_outbox where status = 'queued' order by seq limit ${CLAIM_BATCH} for update skip locked)
             update bare_outbox set status = 'sending', lease_until = $1 where seq in (select seq from next) returning seq, id, payload`,
            [Date.now() + 60_000],
          )
          if (rows.length === 0) return
          await pool.query(`update bare_outbox set status = 'done', lease_until = null where seq = any($1::bigint[])`, [rows.map((r) => r.seq)])
          claimed += rows.length
        }
      }),
    )
    const elapsed = performance.now() - started
    if (claimed !== n) throw new Error(`bare claim loop claimed ${claimed} of ${n}`)
    return { rows: n, claimers, claimsPerSec: perSecond(n, elapsed), cpu: cpu.stop() }
  } finally {
    await pool.end()
  }
}

export interface SandboxCeilingResult {
  messages: number
  concurrency: number
  /** Sends answered 200 per second. */
  sendsPerSec: number
  /** Messages whose three status webhooks (sent, delivered, read) all reached the sink, per second. */
  endToEndPerSec: number
  requestMs: Spread
  cpu: CpuUse
}

/**
 * (c): a sandbox process like Parley's, driven directly: N Cloud API sends at `concurrency`
 * keep-alive connections (Parley's pool per origin is 64), its webhooks posted to a sink that
 * only answers 200. Its throughput limit is set out of reach, so this is the emulator's own
 * ceiling on this machine: Parley end to end cannot go faster than this.
 */
export async function sandboxCeiling(n: number, concurrency: number, delays: StatusDelays, warmup: number): Promise<SandboxCeilingResult> {
  let webhooks = 0
  let waiter: { count: number; resolve: () => void } | null = null
  const sink: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      webhooks++
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      if (waiter && webhooks >= waiter.count) waiter.resolve()
    })
  })
  sink.keepAliveTimeout = 65_000
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
  const closeSink = onCleanup('webhook sink', () => new Promise<void>((resolve) => (sink.closeAllConnections(), sink.close(() => resolve()))))
  const webhooksReached = (count: number) => new Promise<void>((resolve) => (webhooks >= count ? resolve() : (waiter = { count, resolve })))

  const phoneNumberId = '100000000000099'
  const sandbox = await startSandboxProcess([{ phoneNumberId, mps: 1_000_000 }], delays, `http://127.0.0.1:${(sink.address() as AddressInfo).port}/webhooks/meta`)
  try {
    const target = { origin: sandbox.url, path: `/v23.0/${phoneNumberId}/messages`, headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } }
    const sends = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: nextRecipient().slice(1),
          biz_opaque_callback_data: `msg_ceiling_${i}`,
          type: 'template',
          template: { name: TEMPLATE.name, language: { code: TEMPLATE.language } },
        }),
      )
    await postAll(target, sends(warmup), concurrency)
    await webhooksReached(3 * warmup)
    await sleep(200)

    const bodies = sends(n)
    const expected = webhooks + 3 * n
    const cpu = measureCpu({ sandbox: sandbox.child.process.pid, bench: process.pid }, false)
    const load = await postAll(target, bodies, concurrency)
    const failed = load.responses.find((r) => r.status !== 200)
    if (failed) throw new Error(`sandbox answered HTTP ${failed.status}: ${failed.body.slice(0, 300)}`)
    await webhooksReached(expected)
    const allWebhooks = Date.now()
    return {
      messages: n,
      concurrency,
      sendsPerSec: perSecond(n, load.finishedAt - load.startedAt),
      endToEndPerSec: perSecond(n, allWebhooks - load.startedAt),
      requestMs: spread(load.responses.map((r) => r.latencyMs)),
      cpu: cpu.stop(),
    }
  } finally {
    await sandbox.close()
    await closeSink()
  }
}
