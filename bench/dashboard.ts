/**
 * `npm run bench:dashboard [-- --messages 1000000 --history-days 360 --engines sqlite,postgres --repeat 10]`
 *
 * The dashboard's report at size: a message history of 1,000,000 messages (10,000 parents, 100
 * messages each, spread evenly over `history-days`: rule notifications, parents' messages and
 * operators' answers), then GET /v1/analytics/messages for 7, 30 and 90 days, timed in-process
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
import type { Database } from '../src/store/dialect.js'
import { createMessageAnalytics } from '../src/store/analytics-store.js'
import { resolveRange } from '../src/core/analytics/date-range.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, ENGINE_LABEL, openForReading, postgresUnreachable, type EngineName } from './engines.js'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    'history-days': { type: 'string', default: '360' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    repeat: { type: 'string', default: '10' },
  },
})
const PER_CONTACT = 100
const CONTACTS = Math.max(1, Math.round(Number(values.messages) / PER_CONTACT))
const HISTORY_DAYS = Number(values['history-days'])
const REPEAT = Number(values.repeat)
const KEY = 'pk_bench_0123456789abcdefghijklmnop'
const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 2, 12)
const START = NOW - HISTORY_DAYS * DAY
const TEMPLATES = ['lesson_reminder', 'payment_due', 'homework_ready', 'schedule_change', 'absence_notice']
const EVENT_TYPES = ['lesson.reminder', 'invoice.due', 'homework.published']
const STATUSES = ['read', 'read', 'read', 'read', 'read', 'delivered', 'delivered', 'delivered', 'sent', 'failed']
/** One business event notifies this many messages (a class's parents), so events stay fewer than messages. */
const PER_EVENT = 20

/**
 * Per parent, a pattern of ten: six rule notifications, then the parent writes, an operator
 * answers minutes later, the parent writes again and is answered an hour later.
 */
function messageAt(contact: number, k: number) {
  const step = (HISTORY_DAYS * DAY) / PER_CONTACT
  const slot = k % 10
  // An answer is timed from the parent's message just before it, not from a step of its own.
  // Each parent's messages are shifted by a share of a step, so that every range holds its share of the history.
  const at = (i: number) => START + Math.floor(i * step + (contact / CONTACTS) * step)
  const base = at(slot === 7 || slot === 9 ? k - 1 : k)
  const common = { contact_id: `ct_${contact}`, channel: 'whatsapp' as const, sender_id: 'default', provider: 'meta', account: 'meta', content: '{}', metadata: null, attempts: 1 }
  const id = `m_${contact}_${k}`
  if (slot < 6) {
    const n = contact * 6 + Math.floor(k / 10) * 6 * CONTACTS + slot
    return {
      ...common,
      id,
      direction: 'outbound' as const,
      kind: 'template',
      preview: 'Reminder',
      status: STATUSES[(contact + k) % STATUSES.length]!,
      template_name: TEMPLATES[(contact + slot) % TEMPLATES.length]!,
      event_id: `ev_${Math.floor(n / PER_EVENT)}`,
      rule_id: 'rule_a',
      created_at: base,
      updated_at: base,
    }
  }
  const inbound = slot === 6 || slot === 8
  const delay = slot === 7 ? 5 * 60_000 + (contact % 7) * 60_000 : slot === 9 ? 3_600_000 : 0
  return {
    ...common,
    id,
    direction: inbound ? ('inbound' as const) : ('outbound' as const),
    kind: 'text',
    preview: inbound ? 'question' : 'answer',
    status: inbound ? 'received' : 'read',
    template_name: null,
    event_id: null,
    rule_id: null,
    created_at: base + delay,
    updated_at: base + delay,
  }
}

async function seed(database: Database): Promise<number> {
  const { db } = database
  for (let start = 0; start < CONTACTS; start += 1000) {
    const rows = []
    for (let i = start; i < Math.min(CONTACTS, start + 1000); i++) rows.push({ id: `ct_${i}`, phone: `+9053${String(i).padStart(8, '0')}`, created_at: START, updated_at: START })
    await db.insertInto('contacts').values(rows).execute()
  }
  const events = Math.ceil((CONTACTS * 6 * (PER_CONTACT / 10)) / PER_EVENT)
  for (let start = 0; start < events; start += 1000) {
    const rows = []
    for (let e = start; e < Math.min(events, start + 1000); e++) {
      rows.push({ id: `ev_${e}`, type: EVENT_TYPES[e % EVENT_TYPES.length]!, occurred_at: START, body: '{}', request_hash: `h${e}`, contact_id: null, subject_id: null, received_at: START })
    }
    await db.insertInto('events').values(rows).execute()
  }
  // Inserted in time order, as a live system writes them.
  let written = 0
  for (let k = 0; k < PER_CONTACT; k++) {
    for (let start = 0; start < CONTACTS; start += 1000) {
      const rows = []
      for (let c = start; c < Math.min(CONTACTS, start + 1000); c++) rows.push(messageAt(c, k))
      await db.insertInto('messages').values(rows).execute()
      written += rows.length
    }
  }
  // Fresh statistics, as a live database has them (the planners pick the range index by them).
  await sql`analyze`.execute(db)
  return written
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function timeIt(run: () => Promise<void>, repeat = REPEAT): Promise<{ median: number; p95: number }> {
  const samples: number[] = []
  for (let i = 0; i < repeat + 2; i++) {
    const started = performance.now()
    await run()
    if (i >= 2) samples.push(performance.now() - started) // the first calls warm caches and statement plans
  }
  samples.sort((a, b) => a - b)
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) }
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`

async function runEngine(engine: EngineName): Promise<void> {
  const place = await createPlace(engine, 'dashboard')
  const database = await openForReading(place.location)
  try {
    await migrateToLatest(database)
    const seeding = performance.now()
    const written = await seed(database)
    console.log(`${ENGINE_LABEL[engine]}: seeded ${written.toLocaleString('en')} messages of ${CONTACTS.toLocaleString('en')} parents over ${HISTORY_DAYS} days in ${((performance.now() - seeding) / 1000).toFixed(1)} s`)
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
    console.log(`  ${'request'.padEnd(40)} ${'median'.padStart(9)} ${'p95'.padStart(9)}  ×healthz  ×bare read`)
    for (const days of [7, 30, 90]) {
      const t = await timeIt(get(`/v1/analytics/messages?days=${days}`))
      const label = `GET /v1/analytics/messages?days=${days}`
      console.log(`  ${label.padEnd(40)} ${ms(t.median).padStart(9)} ${ms(t.p95).padStart(9)}  ${`×${(t.median / healthz.median).toFixed(0)}`.padStart(8)}  ×${(t.median / bare.median).toFixed(2)}`)
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
      console.log(`  ${`  90 days, ${statement} alone`.padEnd(40)} ${ms(t.median).padStart(9)} ${ms(t.p95).padStart(9)}`)
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
