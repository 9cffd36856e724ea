import { afterEach, beforeEach, expect, it } from 'vitest'
import { createOutgoingWebhookStore } from '../../src/store/outgoing-webhook-store.js'
import { createWebhookReceiptStore } from '../../src/store/webhook-receipts.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

describeEachDatabase('leased queues: webhook receipts and deliveries', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
  })
  afterEach(async () => t.close())

  it('hands a receipt to one process at a time, and to another once the holder lets go or its lease ends', async () => {
    const inbox = createWebhookReceiptStore(t.database)
    for (const body of ['a', 'b', 'c']) await inbox.add('meta', Buffer.from(body), 1)
    const bodies = (receipts: Array<{ body: Buffer }>) => receipts.map((r) => r.body.toString('utf8'))
    const first = await inbox.claim(2, 10, 1000, 'process-1')
    expect(bodies(first)).toEqual(['a', 'b'])
    // The other process gets only what nobody holds.
    expect(bodies(await inbox.claim(10, 20, 1000, 'process-2'))).toEqual(['c'])
    expect(await inbox.claim(10, 30, 1000, 'process-3')).toEqual([])

    await inbox.recordAttemptFailure(first[0]!.id, 'boom', 5, 40)
    await inbox.markProcessed([first[1]!.id], 40)
    expect(bodies(await inbox.claim(10, 50, 1000, 'process-3'))).toEqual(['a'])
    // process-2 died holding `c`: its lease ends at 1020.
    expect(bodies(await inbox.claim(10, 1019, 1000, 'process-3'))).toEqual([])
    expect(bodies(await inbox.claim(10, 1020, 1000, 'process-3'))).toEqual(['c'])
  })

  it('never lets two concurrent claimers post the same delivery', async () => {
    const store = createOutgoingWebhookStore(t.database)
    await store.subscribe({ id: 'whs_1', url: 'http://127.0.0.1:9/hook', secret: 's', topics: ['message.status'], createdAt: 0 })
    const rows = Array.from({ length: 60 }, (_, i) => ({ subscription_id: 'whs_1', topic: 'message.status', payload: `{"n":${i}}`, state: 'pending' as const, next_attempt_at: 0, created_at: 0 }))
    await t.database.db.insertInto('webhook_deliveries').values(rows).execute()

    const claims = await Promise.all(Array.from({ length: 4 }, (_, i) => store.claimDue(100, 25, 60_000, `process-${i}`)))
    const ids = claims.flat().map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(60)

    // Not due yet, or held: nothing more to claim until a lease ends.
    expect(await store.claimDue(200, 100, 60_000, 'late')).toEqual([])
    await store.markAttemptFailed(ids[0]!, { status: 503, error: 'HTTP 503' }, 500)
    expect(await store.claimDue(499, 100, 60_000, 'late')).toEqual([])
    expect((await store.claimDue(500, 100, 60_000, 'late')).map((d) => d.id)).toEqual([ids[0]])
  })
})
