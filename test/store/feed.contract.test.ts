import { afterEach, beforeEach, expect, it } from 'vitest'
import type { E164 } from '../../src/core/contacts/phone.js'
import { createIds } from '../../src/runtime/ids.js'
import { createChangeRecorder } from '../../src/store/change-recorder.js'
import { feedHead, pruneFeed, readFeedAfter } from '../../src/store/feed-store.js'
import { createStores } from '../../src/store/stores.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const PHONE = '+4915112345678' as E164
const message = (id: string) => ({ id, to: PHONE, market: 'DE', senderId: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' as const, content: { kind: 'text' as const, text: `text ${id}` }, preview: `text ${id}`, segments: null, metadata: null, dueAt: 0 })

describeEachDatabase('the live feed table', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
  })
  afterEach(async () => t.close())

  it('gets the inbox events of each committed change in order, and keeps counting after a prune', async () => {
    const stores = createStores(t.database, createIds(), createChangeRecorder({ publish: () => undefined }))
    await stores.outbox.enqueue([message('msg_1')], 1000)
    await stores.conversations.assign(PHONE, 'op_1', 2000)
    await stores.conversations.assign(PHONE, 'op_1', 2500) // no change, no event
    const entries = await readFeedAfter(t.database, 0, 10)
    expect(entries.map((e) => [e.type, (e.data as { messageId?: string; assigneeId?: string }).messageId ?? (e.data as { assigneeId?: string }).assigneeId])).toEqual([
      ['message.created', 'msg_1'],
      ['conversation.assigned', 'op_1'],
    ])
    expect(await readFeedAfter(t.database, entries[0]!.seq, 10)).toEqual([entries[1]])
    expect(await feedHead(t.database)).toBe(entries[1]!.seq)

    // The conversation summary moved with the message, in the same transaction.
    const [row] = (await stores.conversations.list({ filter: 'all', limit: 10, cursor: null })).items
    expect(row).toMatchObject({ phone: PHONE, lastMessage: { preview: 'text msg_1', direction: 'outbound', at: 1000 }, assigneeId: 'op_1', unreadCount: 0 })

    expect(await pruneFeed(t.database, 3000)).toBe(2)
    expect(await readFeedAfter(t.database, 0, 10)).toEqual([])
    await stores.outbox.enqueue([message('msg_2')], 4000)
    // A client that saw the pruned entries must not be handed a number it already has.
    const [next] = await readFeedAfter(t.database, 0, 10)
    expect(next!.seq).toBeGreaterThan(entries[1]!.seq)
  })
})
