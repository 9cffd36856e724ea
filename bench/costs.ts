/**
 * `npm run bench:costs [-- --n 1000000 --history-days 60 --repeat 5 --keep]`
 *
 * The cost reports at size (issue 12): a SQLite file of `n` stored messages over `history-days`
 * (bench/support/message-history.ts: three senders, six markets, templates of every category,
 * inbound messages, read, delivered, sent and failed, each priced with its estimate and final),
 * Parley composed on it as `parley start` composes it and listening on a loopback port, then, each
 * timed over HTTP with warm-up calls and `repeat` timed calls (median and max):
 *
 * - the baseline: the raw aggregate of the 30 days (`date`, summed micros and a count, grouped by
 *   day) through better-sqlite3 on a connection of its own, measured in the same run;
 * - GET /v1/costs?days=30&group_by=day, GET /v1/costs?days=30&group_by=template and
 *   GET /v1/costs/compare?days=30, each as a ratio to the baseline, with the bound the issue sets
 *   (2 s) and the event loop's longest stall while the requests ran: a report is a long read, which
 *   must run off the event loop (`Database.longRead`), so the stall should stay near the timer's
 *   resolution however long the report takes. An endpoint this build lacks prints "not available (404)".
 *
 * `--keep` keeps the seeded file in the temp folder and reuses it on the next run of the same size.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import BetterSqlite3 from 'better-sqlite3'
import { loadConfig } from '../src/config.js'
import { createParley } from '../src/main.js'
import { createLogger } from '../src/runtime/logger.js'
import { migrateToLatest } from '../src/store/migrate.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, openForReading } from './engines.js'
import { HISTORY_VERSION, MESSAGES_PER_CONTACT } from './support/message-history.js'
import { seedHistory } from './support/seed-history.js'
import { ms, tableRow, times, timeInTurns, type Timing, type TimingWithStall } from './support/timing.js'

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    'history-days': { type: 'string', default: '60' },
    repeat: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
})
const CONTACTS = Math.max(1, Math.round(Number(values.n) / MESSAGES_PER_CONTACT))
const MESSAGES = CONTACTS * MESSAGES_PER_CONTACT
const HISTORY_DAYS = Number(values['history-days'])
const REPEAT = Math.max(5, Number(values.repeat))
const KEY = 'pk_bench_0123456789abcdefghijklmnop'
const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 2, 12)
const REPORT_DAYS = 30
const BOUND_MS = 2000
/** The first instant of the report's 30 days: today (UTC) and the 29 before it. */
const SINCE = Math.floor(NOW / DAY) * DAY - (REPORT_DAYS - 1) * DAY
const REQUESTS = [
  // The cheapest request through the same server: its stall is this machine's floor (a shared machine's scheduling shows in it).
  ['(ref.) GET /healthz', '/healthz'],
  ['GET /v1/costs?days=30&group_by=day', '/v1/costs?days=30&group_by=day'],
  ['GET /v1/costs?days=30&group_by=template', '/v1/costs?days=30&group_by=template'],
  ['GET /v1/costs/compare?days=30', '/v1/costs/compare?days=30'],
] as const
/** Between timed calls, so that the delay monitor's 10 ms timer fires after each. */
const PAUSE_MS = 25
const WIDTH = 42
const COLUMNS: Array<[string, number]> = [['median', 9], ['max', 9], ['×baseline', 10], ['beside', 10], ['loop stall', 11]]

/** A kept file is named by what was seeded into it, so a run of another size seeds its own. */
async function fileFor(keep: boolean): Promise<string> {
  if (!keep) {
    // Removed by the cleanup at the end of the run (also when it fails).
    const { location } = await createPlace('sqlite', 'costs')
    if (location.kind !== 'sqlite') throw new Error('a SQLite place expected')
    return location.file
  }
  const dir = join(tmpdir(), `parley-bench-costs-${MESSAGES}-${HISTORY_DAYS}d-v${HISTORY_VERSION}`)
  mkdirSync(dir, { recursive: true })
  return join(dir, 'parley.db')
}

/** True when the file holds the whole history (a run stopped half way through seeding leaves less). */
function alreadySeeded(file: string): boolean {
  if (!existsSync(file)) return false
  const connection = new BetterSqlite3(file, { readonly: true })
  try {
    const row = connection.prepare('select count(*) as n from messages').get() as { n: number } | undefined
    return row?.n === MESSAGES
  } catch {
    return false
  } finally {
    connection.close()
  }
}

const verdict = (t: Timing) => `within 2 s: ${t.max <= BOUND_MS ? 'yes' : 'no'} (slowest of ${t.samples.length}: ${ms(t.max)})`

installCleanupHandlers()
console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
try {
  const file = await fileFor(values.keep)
  const database = await openForReading({ kind: 'sqlite', dir: '', file })
  try {
    await migrateToLatest(database)
    if (values.keep && alreadySeeded(file)) {
      console.log(`SQLite: reusing ${file} (${MESSAGES.toLocaleString('en')} messages over ${HISTORY_DAYS} days)`)
    } else {
      const seeded = await seedHistory({ kind: 'sqlite', dir: '', file }, database, { contacts: CONTACTS, historyDays: HISTORY_DAYS, now: NOW })
      console.log(`SQLite: seeded ${seeded.messages.toLocaleString('en')} messages of ${CONTACTS.toLocaleString('en')} parents over ${HISTORY_DAYS} days in ${seeded.seconds.toFixed(1)} s${values.keep ? ` (kept: ${file})` : ''}`)
    }

    const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_API_KEY: KEY, PARLEY_META_BASE_URL: 'http://127.0.0.1:9', PARLEY_API_KEY_RATE_PER_SECOND: '100000', PARLEY_API_KEY_BURST: '100000' })
    const parley = await createParley(config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database, clock: { now: () => NOW } })
    await parley.apiKeys.adoptEnvironmentKey(KEY, Date.now())
    const origin = await parley.app!.listen({ host: '127.0.0.1', port: 0 })
    const raw = new BetterSqlite3(file, { readonly: true })
    try {
      // The least a 30-day report by day can do: one pass over the range's rows, summing their costs.
      const aggregate = raw.prepare(
        `select date(created_at / 1000, 'unixepoch') as day,
                sum(coalesce(cost_final_platform_micros, cost_estimated_platform_micros, 0) + coalesce(cost_final_provider_micros, cost_estimated_provider_micros, 0)) as micros,
                count(*) as messages
         from messages where created_at >= ? group by 1`,
      )
      let days: Array<{ day: string; micros: number; messages: number }> = []
      const baseline = async () => void (days = aggregate.all(SINCE) as typeof days)
      const [alone] = await timeInTurns([baseline], { repeat: REPEAT, pauseMs: PAUSE_MS })
      const inRange = days.reduce((n, d) => n + d.messages, 0)
      const spend = days.reduce((n, d) => n + d.micros, 0)
      console.log(`  the 30 days hold ${inRange.toLocaleString('en')} of the ${MESSAGES.toLocaleString('en')} messages (on ${days.length} of the days), $${(spend / 1e6).toFixed(2)} in all`)
      console.log(tableRow('request', WIDTH, COLUMNS))
      console.log(tableRow('raw aggregate by day (baseline, on the loop)', WIDTH, [[ms(alone!.median), 9], [ms(alone!.max), 9], ['×1.00', 10], ['', 10], [ms(alone!.stallMs), 11]]))

      const get = async (path: string) => {
        const res = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${KEY}` }, signal: AbortSignal.timeout(120_000) })
        return { status: res.status, body: await res.text() }
      }
      const verdicts: string[] = []
      for (const [label, path] of REQUESTS) {
        const probe = await get(path)
        if (probe.status === 404) {
          console.log(tableRow(label, WIDTH, [['not available (404)', 9]]))
          verdicts.push(`${label}: not measured, not available (404)`)
          continue
        }
        if (probe.status !== 200) throw new Error(`${path}: ${probe.status} ${probe.body.slice(0, 500)}`)
        const request = async () => {
          const res = await get(path)
          if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 500)}`)
        }
        // In turns with the baseline: the ratio is to the baseline of the same minutes. The probe was the first warm-up.
        const [beside, t] = (await timeInTurns([baseline, request], { repeat: REPEAT, warmup: 1, pauseMs: PAUSE_MS })) as [TimingWithStall, TimingWithStall]
        console.log(tableRow(label, WIDTH, [[ms(t.median), 9], [ms(t.max), 9], [times(t.median / beside.median), 10], [ms(beside.median), 10], [ms(t.stallMs), 11]]))
        if (!label.startsWith('(ref.)')) verdicts.push(`${label}: ${verdict(t)}; answer ${(probe.body.length / 1024).toFixed(1)} kB`)
      }
      console.log(`  timed: ${REPEAT} calls each after 2 warm-up calls, in turns with the baseline (its median then: "beside"); the stall is the event loop's longest delay while the calls ran`)
      for (const line of verdicts) console.log(`  ${line}`)
    } finally {
      raw.close()
      await parley.close()
    }
  } finally {
    await database.close()
  }
} finally {
  await cleanupAll()
}
