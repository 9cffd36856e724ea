import { afterEach, beforeEach, expect, it } from 'vitest'
import type { InboundEvent } from '../../src/core/providers/provider.js'
import type { AutoAssignMode } from '../../src/core/inbox/auto-assign.js'
import { createIds } from '../../src/runtime/ids.js'
import { createChangeRecorder } from '../../src/store/change-recorder.js'
import type { Database } from '../../src/store/dialect.js'
import { pruneFeed, readFeedAfter } from '../../src/store/feed-store.js'
import { createOperatorPresence } from '../../src/store/operator-presence.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { createStores, type Stores } from '../../src/store/stores.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { ANA, BEN, outbound, phone, T0 } from './message-fixtures.js'

const TTL = 45_000
const ids = createIds()
let seq = 0
const fromParent = (to: string, at: number): InboundEvent => ({
  kind: 'inbound',
  providerMessageId: `wamid.wf${seq++}`,
  fromId: to.slice(1),
  fromPhone: to,
  at,
  content: { kind: 'text', text: 'hello' },
})

describeEachDatabase('conversation workflow in the store', (dialect) => {
  let t: TestDatabase
  const extra: Database[] = []
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
  })
  afterEach(async () => {
    for (const database of extra.splice(0)) await database.close()
    await t.close()
  })

  const storesOn = (database: Database, autoAssign: AutoAssignMode = 'off'): Stores =>
    createStores(database, ids, createChangeRecorder({ publish: () => undefined }), { autoAssign, presenceTtl: TTL })

  async function addOperator(id: string, role: 'admin' | 'operator' | 'viewer' = 'operator', disabled = false) {
    await t.database.db
      .insertInto('operators')
      .values({ id, email: `${id}@example.com`, name: id, role, password_hash: 'x', created_at: T0, disabled_at: disabled ? T0 : null })
      .execute()
  }
  const online = (operatorId: string, at: number) => createOperatorPresence(t.database).beat(`stream-${operatorId}`, operatorId, at)
  const row = async (stores: Stores, filter: 'all' | 'resolved', who = ANA) =>
    (await stores.conversations.list({ filter, limit: 50, cursor: null })).items.find((c) => c.phone === who)

  it('resolves and reopens once each, and a new message from the parent reopens with a new cycle', async () => {
    const stores = storesOn(t.database)
    await stores.ledger.recordInbound([fromParent(ANA, T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)
    expect((await row(stores, 'all'))?.cycle).toEqual({ startedAt: T0, firstResponseAt: null, resolvedAt: null })
    // A second message does not move the cycle's start; the answer is its first response.
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 1000)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 1000)
    await stores.outbox.enqueue([outbound(ANA, 'answer')], T0 + 60_000)
    await stores.outbox.enqueue([outbound(ANA, 'and more')], T0 + 70_000)
    expect((await row(stores, 'all'))?.cycle).toEqual({ startedAt: T0, firstResponseAt: T0 + 60_000, resolvedAt: null })

    expect(await stores.conversations.resolve(ANA, 'op_a', T0 + 120_000)).toBe('changed')
    expect(await stores.conversations.resolve(ANA, 'op_b', T0 + 130_000)).toBe('unchanged')
    expect(await row(stores, 'all')).toBeUndefined()
    expect((await row(stores, 'resolved'))?.cycle).toEqual({ startedAt: T0, firstResponseAt: T0 + 60_000, resolvedAt: T0 + 120_000 })
    expect(await stores.conversations.resolve(BEN, 'op_a', T0)).toBe('not_found')

    await stores.ledger.recordInbound([fromParent(ANA, T0 + 200_000)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 200_000)
    expect((await row(stores, 'all'))?.cycle).toEqual({ startedAt: T0 + 200_000, firstResponseAt: null, resolvedAt: null })
    expect(await row(stores, 'resolved')).toBeUndefined()

    // Reopened by hand with nothing waiting: no cycle runs until the parent writes.
    await stores.conversations.resolve(ANA, 'op_a', T0 + 300_000)
    expect(await stores.conversations.reopen(ANA, 'op_a', T0 + 310_000)).toBe('changed')
    expect(await stores.conversations.reopen(ANA, 'op_a', T0 + 320_000)).toBe('unchanged')
    expect((await row(stores, 'all'))?.cycle).toEqual({ startedAt: null, firstResponseAt: null, resolvedAt: null })

    const events = (await readFeedAfter(t.database, 0, 100)).filter((e) => e.type.startsWith('conversation.')).map((e) => [e.type, (e.data as { actorId?: string | null }).actorId])
    expect(events).toEqual([
      ['conversation.resolved', 'op_a'],
      ['conversation.reopened', null],
      ['conversation.resolved', 'op_a'],
      ['conversation.reopened', 'op_a'],
    ])
  })

  it('keeps typing signals on the feed a short while only, the other events a day', async () => {
    const stores = storesOn(t.database)
    await stores.ledger.recordInbound([fromParent(ANA, T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)
    expect(await stores.conversations.typing(ANA, 'op_a', T0 + 6000, T0)).toBe(true)
    expect(await stores.conversations.typing(BEN, 'op_a', T0 + 6000, T0)).toBe(false) // no such contact
    await stores.conversations.typing(ANA, 'op_a', T0 + 66_000, T0 + 60_000)
    const types = async () => (await readFeedAfter(t.database, 0, 100)).map((e) => e.type)
    expect(await types()).toEqual(['message.inbound', 'conversation.typing', 'conversation.typing'])
    // A minute later: the first typing signal goes, the newer one and the message stay.
    expect(await pruneFeed(t.database, T0 - 1, T0 + 30_000)).toBe(1)
    expect(await types()).toEqual(['message.inbound', 'conversation.typing'])
  })

  it('round robin: the online operators in turn, never a viewer, a disabled or an offline one; nobody online leaves it unassigned', async () => {
    const stores = storesOn(t.database, 'round_robin')
    for (const id of ['op_a', 'op_b', 'op_c']) await addOperator(id)
    await addOperator('op_viewer', 'viewer')
    await addOperator('op_gone', 'operator', true)

    await stores.ledger.recordInbound([fromParent(phone('+4915110000000'), T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)
    expect((await row(stores, 'all', phone('+4915110000000')))?.assigneeId).toBeNull()

    const now = T0 + 100_000
    for (const id of ['op_a', 'op_c', 'op_viewer', 'op_gone']) await online(id, now)
    await online('op_b', now - TTL - 1) // its stream went quiet
    const assigned: Array<string | null> = []
    for (let i = 1; i <= 4; i++) {
      const parent = phone(`+491511000000${i}`)
      await stores.ledger.recordInbound([fromParent(parent, now)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, now)
      assigned.push((await row(stores, 'all', parent))!.assigneeId)
    }
    expect(assigned).toEqual(['op_a', 'op_c', 'op_a', 'op_c'])
    // An assigned conversation keeps its assignee when the parent writes again.
    await stores.ledger.recordInbound([fromParent(phone('+4915110000001'), now + 1)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, now + 1)
    expect((await row(stores, 'all', phone('+4915110000001')))!.assigneeId).toBe('op_a')
    const feed = (await readFeedAfter(t.database, 0, 100)).filter((e) => e.type === 'conversation.assigned').map((e) => (e.data as { assigneeId: string }).assigneeId)
    expect(feed).toEqual(['op_a', 'op_c', 'op_a', 'op_c'])
  })

  it("gives a team's conversation to the team's online members only; none online: it stays unassigned with the team", async () => {
    const stores = storesOn(t.database, 'round_robin')
    for (const id of ['op_a', 'op_b']) await addOperator(id)
    await t.database.db.insertInto('teams').values({ id: 'team_x', name: 'X', first_response_sla_minutes: null, resolution_sla_minutes: null, created_at: T0 }).execute()
    await t.database.db.insertInto('team_members').values({ team_id: 'team_x', operator_id: 'op_b' }).execute()
    await stores.ledger.recordInbound([fromParent(ANA, T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)
    await stores.conversations.setTeam(ANA, 'team_x', T0)
    await online('op_a', T0)
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 1)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 1)
    expect((await row(stores, 'all'))!.assigneeId).toBeNull()
    await online('op_b', T0 + 2)
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 3)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 3)
    expect((await row(stores, 'all'))!.assigneeId).toBe('op_b')
  })

  it('sticky: back to the last handler while online, else the round robin', async () => {
    const stores = storesOn(t.database, 'sticky')
    for (const id of ['op_a', 'op_b']) await addOperator(id)
    await online('op_a', T0)
    await online('op_b', T0)
    await stores.ledger.recordInbound([fromParent(ANA, T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)
    expect((await row(stores, 'all'))!.assigneeId).toBe('op_a')
    await stores.conversations.assign(ANA, 'op_b', T0 + 1)
    await stores.conversations.assign(ANA, null, T0 + 2)
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 3)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 3)
    expect((await row(stores, 'all'))!.assigneeId).toBe('op_b') // not op_b's turn, but their parent

    // Writing to the parent makes an operator their handler too.
    await stores.conversations.assign(ANA, null, T0 + 4)
    await stores.conversations.noteHandler(ANA, 'op_a')
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 4)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 4)
    expect((await row(stores, 'all'))!.assigneeId).toBe('op_a')

    await stores.conversations.noteHandler(ANA, 'op_b')
    await stores.conversations.assign(ANA, null, T0 + 4)
    await createOperatorPresence(t.database).leave('stream-op_b')
    await stores.ledger.recordInbound([fromParent(ANA, T0 + 5)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 5)
    expect((await row(stores, 'all'))!.assigneeId).toBe('op_a')
  })

  it('hands out turns race-free from two connections at once', async () => {
    const second = t.location.kind === 'sqlite' ? openSqlite({ file: t.location.file }) : await openPostgres({ url: t.location.url, schema: t.location.schema })
    extra.push(second)
    const [one, two] = [storesOn(t.database, 'round_robin'), storesOn(second, 'round_robin')]
    for (const id of ['op_a', 'op_b']) await addOperator(id)
    await online('op_a', T0)
    await online('op_b', T0)
    const parents = Array.from({ length: 10 }, (_, i) => phone(`+49151200000${String(i).padStart(2, '0')}`))
    await Promise.all(parents.map((p, i) => (i % 2 ? one : two).ledger.recordInbound([fromParent(p, T0)], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0)))
    const items = (await one.conversations.list({ filter: 'all', limit: 50, cursor: null })).items
    const counts = new Map<string, number>()
    for (const c of items) counts.set(c.assigneeId ?? 'none', (counts.get(c.assigneeId ?? 'none') ?? 0) + 1)
    // Strict alternation: a lost update of the pointer would give one operator two turns in a row.
    expect(Object.fromEntries(counts)).toEqual({ op_a: 5, op_b: 5 })
  })
})
