/**
 * `npm run bench:dashboard [-- --messages 1000000 --history-days 360 --engines sqlite,postgres --repeat 10]`
 *
 * The dashboard's report at size: a message history of 1,000,000 messages (10,000 parents, 100
 * messages each, spread evenly over `history-days`: rule notifications, parents' messages and
 * operators' answers; bench/support/message-history.ts), then GET /v1/analytics/messages for 7, 30 and 90 days, timed in-process
 * with `inject` (server time, no socket), median and p95, each next to two same-run baselines:
 * GET /healthz (the cheapest request through the same server) and one bare read of every row's
 * status (`count(*) … group by status` over the whole table: what reading the table once costs).
 * Each of the report's three statements is also timed alone for the 90-day range.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { createParley } from '../src/main.js'
import { createLogger } from '../src/runtime/logger.js'
import { migrateToLatest } from '../src/store/migrate.js'
import { sql } from 'kysely'
import { createMessageAnalytics } from '../src/store/analytics-store.js'
import { resolveRange } from '../src/core/analytics/date-range.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, ENGINE_LABEL, openForReading, postgresUnreachable, type EngineName } from './engines.js'
import { MESSAGES_PER_CONTACT } from './support/message-history.js'
import { seedHistory } from './support/seed-history.js'
import { ms, tableRow, times, timeRepeated } from './support/timing.js'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    'history-days': { type: 'string', default: '360' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    repeat: { type: 'string', default: '10' },
  },
})
const CONTACTS = Math.max(1, Math.round(Number(values.messages) / MESSAGES_PER_CONTACT))
const HISTORY_DAYS = Number(values['history-days'])
const REPEAT = Number(values.repeat)
const KEY = 'pk_bench_0123456789abcdefghijklmnop'
const NOW = Date.UTC(2026, 11, 2, 12)

const timeIt = (run: () => Promise<unknown>, repeat = REPEAT) => timeRepeated(run, { repeat })

async function runEngine(engine: EngineName): Promise<void> {
  const place = await createPlace(engine, 'dashboard')
  const database = await openForReading(place.location)
  try {
    await migrateToLatest(database)
    const seeded = await seedHistory(place.location, database, { contacts: CONTACTS, historyDays: HISTORY_DAYS, now: NOW })
    const written = seeded.messages
    console.log(`${ENGINE_LABEL[engine]}: seeded ${written.toLocaleString('en')} messages of ${CONTACTS.toLocaleString('en')} parents over ${HISTORY_DAYS} days in ${seeded.seconds.toFixed(1)} s`)
    const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_API_KEY: KEY, PARLEY_META_BASE_URL: 'http://127.0.0.1:9', PARLEY_API_KEY_RATE_PER_SECOND: '100000', PARLEY_API_KEY_BURST: '100000' })
    const parley = await createParley(config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database, clock: { now: () => NOW } })
    await parley.apiKeys.adoptEnvironmentKey(KEY, Date.now())
    const app = parley.app!
    const get = (url: string) => async () => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${KEY}` } })
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    }
    const healthz = await timeIt(get('/healthz'), 30)
    const bare = await timeIt(async () => void (await sql`select status, count(*) from messages group by status`.execute(database.db)))
    console.log(`  baselines: GET /healthz median ${ms(healthz.median)}; bare read of all ${written.toLocaleString('en')} statuses median ${ms(bare.median)}`)
    console.log(tableRow('request', 40, [['median', 9], ['p95', 9], [' ×healthz', 9], [' ×bare read', 11]]))
    for (const days of [7, 30, 90]) {
      const t = await timeIt(get(`/v1/analytics/messages?days=${days}`))
      const label = `GET /v1/analytics/messages?days=${days}`
      console.log(tableRow(label, 40, [[ms(t.median), 9], [ms(t.p95), 9], [times(t.median / healthz.median, 0), 9], [times(t.median / bare.median), 11]]))
    }
    // What was measured, in figures: the report must have counted the seeded history.
    const sample = (await app.inject({ method: 'GET', url: '/v1/analytics/messages?days=90', headers: { authorization: `Bearer ${KEY}` } })).json() as {
      by_day: Array<{ outbound: Record<string, number>; inbound: number }>
      response_time_total: { answered: number; median_seconds: number | null }
    }
    const outbound = sample.by_day.reduce((n, d) => n + Object.values(d.outbound).reduce((a, b) => a + b, 0), 0)
    const inbound = sample.by_day.reduce((n, d) => n + d.inbound, 0)
    console.log(`  90 days counted: ${outbound.toLocaleString('en')} outbound, ${inbound.toLocaleString('en')} inbound, ${sample.response_time_total.answered.toLocaleString('en')} waits (median ${sample.response_time_total.median_seconds} s)`)
    const resolved = resolveRange({ days: 90, zone: 'UTC' }, NOW)
    if (resolved.kind !== 'ok') throw new Error(resolved.message)
    const analytics = createMessageAnalytics(database)
    for (const statement of ['statusCounts', 'outcomes', 'waits'] as const) {
      const t = await timeIt(async () => void (await analytics[statement](resolved.range.window)))
      console.log(tableRow(`  90 days, ${statement} alone`, 40, [[ms(t.median), 9], [ms(t.p95), 9]]))
    }
    await parley.close()
  } finally {
    await database.close()
    await place.drop()
  }
}

installCleanupHandlers()
try {
  for (const engine of values.engines.split(',') as EngineName[]) {
    if (engine === 'postgres') {
      const why = await postgresUnreachable()
      if (why) {
        console.log(`PostgreSQL skipped: ${why}`)
        continue
      }
    }
    await runEngine(engine)
  }
} finally {
  await cleanupAll()
}
