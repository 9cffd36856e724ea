/**
 * `npm run bench:inbox [-- --contacts 100000 --conversation 5000 --engines sqlite,postgres]`
 *
 * The operator inbox's reads at size: 100,000 contacts with messages and one conversation of
 * 5,000 messages. Each request is timed in-process with `inject` (server time: routing, auth,
 * the query, serialisation; no socket), median and p95 of repeated calls, each next to a same-run
 * baseline (GET /healthz, the cheapest request through the same server) because the machine is
 * small and shared. The issue's bound is 300 ms server time per request.
 *
 * Opening a conversation is three requests (its newest messages, the contact, marking it read);
 * marking read asks the provider to send the read receipt, so an in-process sandbox answers it.
 */
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { encodeConversationCursor } from '../src/core/inbox/conversations.js'
import { createParley } from '../src/main.js'
import { createLogger } from '../src/runtime/logger.js'
import { sandboxOptions, startSandbox } from '../src/sandbox/index.js'
import { migrateToLatest } from '../src/store/migrate.js'
import type { Database } from '../src/store/dialect.js'
import { cleanupAll, installCleanupHandlers } from './cleanup.js'
import { createPlace, ENGINE_LABEL, openForReading, postgresUnreachable, type EngineName } from './engines.js'

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    conversation: { type: 'string', default: '5000' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    repeat: { type: 'string', default: '30' },
  },
})
const CONTACTS = Number(values.contacts)
const CONVERSATION = Number(values.conversation)
const REPEAT = Number(values.repeat)
const KEY = 'pk_bench_0123456789abcdefghijklmnop'
const NAMES = ['Ana', 'Bora', 'Cem', 'Deniz', 'Elif', 'Fatma', 'Gül', 'Hakan', 'Irmak', 'Kaan', 'Leyla', 'Mert', 'Nil', 'Ozan', 'Pınar', 'Selin', 'Tolga', 'Umut', 'Yusuf', 'Zeynep']
const BIG = '+905000000000'
const T0 = Date.UTC(2026, 0, 1)

const phoneOf = (i: number) => `+9053${String(i).padStart(8, '0')}`

/** Contacts with their conversation columns as the message transactions would have left them, and one message each. */
async function seed(database: Database): Promise<void> {
  const { db } = database
  for (let start = 0; start < CONTACTS; start += 1000) {
    const rows = []
    const messages = []
    for (let i = start; i < Math.min(CONTACTS, start + 1000); i++) {
      const at = T0 + i * 1000
      const inbound = i % 2 === 0
      rows.push({
        id: `ct_${i}`,
        phone: phoneOf(i),
        name: `${NAMES[i % NAMES.length]} ${i}`,
        external_id: `parent-${i}`,
        last_inbound_at: inbound ? at : null,
        opt_out_at: i % 50 === 0 ? at : null,
        last_activity_at: at,
        last_message_preview: `message ${i}`,
        last_message_direction: inbound ? ('inbound' as const) : ('outbound' as const),
        unread_count: inbound ? 1 : 0,
        assignee_id: i % 3 === 0 ? `op_${i % 5}` : null,
        team_id: i % 4 === 0 ? `team_${i % 3}` : null,
        waiting_since: inbound ? at : null,
        created_at: at,
        updated_at: at,
      })
      messages.push(message(`m_${i}`, `ct_${i}`, inbound ? 'inbound' : 'outbound', at))
    }
    await db.insertInto('contacts').values(rows).execute()
    await db.insertInto('messages').values(messages).execute()
  }
  const at = T0 + CONTACTS * 1000
  await db.insertInto('contacts').values({ id: 'ct_big', phone: BIG, name: 'Busy Parent', last_activity_at: at, last_message_preview: 'last', last_message_direction: 'inbound', last_inbound_at: at, unread_count: CONVERSATION / 2, created_at: T0, updated_at: at }).execute()
  for (let start = 0; start < CONVERSATION; start += 500) {
    const part = []
    for (let i = start; i < Math.min(CONVERSATION, start + 500); i++) part.push(message(`big_${i}`, 'ct_big', i % 2 === 0 ? 'inbound' : 'outbound', T0 + i * 1000))
    await db.insertInto('messages').values(part).execute()
  }
}

function message(id: string, contactId: string, direction: 'inbound' | 'outbound', at: number) {
  const text = `message ${id}`
  return {
    id,
    direction,
    channel: 'whatsapp' as const,
    contact_id: contactId,
    sender_id: 'default',
    provider: 'meta',
    account: 'meta',
    kind: 'text',
    content: JSON.stringify({ kind: 'text', text }),
    preview: text,
    status: direction === 'inbound' ? 'received' : 'delivered',
    attempts: direction === 'inbound' ? 0 : 1,
    provider_message_id: `wamid.${id}`,
    created_at: at,
    updated_at: at,
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function runEngine(engine: EngineName): Promise<void> {
  const place = await createPlace(engine, 'inbox')
  const database = await openForReading(place.location)
  const sandbox = await startSandbox(sandboxOptions({}))
  try {
    await migrateToLatest(database)
    const seeding = performance.now()
    await seed(database)
    console.log(`${ENGINE_LABEL[engine]}: seeded ${CONTACTS} contacts and a conversation of ${CONVERSATION} in ${((performance.now() - seeding) / 1000).toFixed(1)} s`)
    const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_API_KEY: KEY, PARLEY_META_BASE_URL: sandbox.url, PARLEY_API_KEY_RATE_PER_SECOND: '100000', PARLEY_API_KEY_BURST: '100000' })
    const parley = await createParley(config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database })
    await parley.apiKeys.adoptEnvironmentKey(KEY, Date.now())
    const app = parley.app!
    const time = async (url: string, method: 'GET' | 'POST' = 'GET') => {
      const samples: number[] = []
      let nextCursor: string | null = null
      for (let i = 0; i < REPEAT + 3; i++) {
        const started = performance.now()
        const res = await app.inject({ method, url, headers: { authorization: `Bearer ${KEY}` } })
        const elapsed = performance.now() - started
        if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
        if (i >= 3) samples.push(elapsed) // the first calls warm the statement caches
        if (url.startsWith('/v1/')) nextCursor = (res.json() as { next_cursor?: string | null }).next_cursor ?? null
      }
      samples.sort((a, b) => a - b)
      return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), nextCursor }
    }
    const baseline = await time('/healthz')
    const first = await time('/v1/conversations?limit=50')
    const messages = `/v1/contacts/${encodeURIComponent(BIG)}/messages?limit=50`
    const olderMessages = await time(messages)
    // Keyset pages cost the same anywhere: the 1,000th page, halfway down the list, shows it.
    const deep = encodeConversationCursor({ at: T0 + (CONTACTS / 2) * 1000, phone: phoneOf(CONTACTS / 2) })
    const cases: Array<[string, string, ('GET' | 'POST')?]> = [
      ['conversations, first page', '/v1/conversations?limit=50'],
      ['conversations, page 2 (cursor)', `/v1/conversations?limit=50&cursor=${first.nextCursor}`],
      [`conversations, page ${CONTACTS / 100} (cursor)`, `/v1/conversations?limit=50&cursor=${deep}`],
      ['conversations, unassigned', '/v1/conversations?filter=unassigned&limit=50'],
      ['conversations, waiting', '/v1/conversations?filter=waiting&limit=50'],
      ['conversations, opted out', '/v1/conversations?filter=opted_out&limit=50'],
      ['conversations, mine (assignee)', '/v1/conversations?assignee=op_3&limit=50'],
      ['conversations, one team (?team=)', '/v1/conversations?team=team_1&limit=50'],
      ['search by name prefix "ana"', '/v1/conversations?q=ana&limit=50'],
      ['search by name "zeynep 99"', `/v1/conversations?q=${encodeURIComponent('zeynep 99')}&limit=50`],
      ['search by phone prefix', `/v1/conversations?q=${encodeURIComponent('+90530001')}&limit=50`],
      ['search by external id', '/v1/conversations?q=parent-4242&limit=50'],
      [`open a conversation of ${CONVERSATION}: messages, first page`, messages],
      [`  its messages, page 2 (cursor)`, `${messages}&cursor=${olderMessages.nextCursor}`],
      [`  the contact`, `/v1/contacts/${encodeURIComponent(BIG)}`],
      [`  mark read (+ the read receipt)`, `/v1/conversations/${encodeURIComponent(BIG)}/read`, 'POST'],
    ]
    console.log(`  ${'request'.padEnd(52)} ${'median'.padStart(9)} ${'p95'.padStart(9)}  ratio to GET /healthz (median ${baseline.median.toFixed(2)} ms)`)
    for (const [label, url, method] of cases) {
      const t = await time(url, method)
      const verdict = t.p95 < 300 ? '' : '  OVER 300 ms'
      console.log(`  ${label.padEnd(52)} ${`${t.median.toFixed(2)} ms`.padStart(9)} ${`${t.p95.toFixed(2)} ms`.padStart(9)}  ×${(t.median / baseline.median).toFixed(1)}${verdict}`)
    }
    await parley.close()
  } finally {
    await sandbox.close()
    await database.close()
    await place.drop()
  }
}

installCleanupHandlers()
console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
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
