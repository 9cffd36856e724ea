import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { ANA, BEN, T0, outbound, ids } from './message-fixtures.js'

describeEachDatabase('MessageQueries contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('pages a contact history newest first with an opaque cursor', async () => {
    const { outbox, messages } = stores()
    const batch = Array.from({ length: 5 }, (_, i) => outbound(ANA, `m${i}`))
    await outbox.enqueue(batch, T0)
    const first = await messages.listByContact(ANA, 2, null)
    expect(first?.items.map((m) => m.preview)).toEqual(['m4', 'm3'])
    const second = await messages.listByContact(ANA, 2, first!.nextCursor)
    expect(second?.items.map((m) => m.preview)).toEqual(['m2', 'm1'])
    const third = await messages.listByContact(ANA, 2, second!.nextCursor)
    expect(third).toMatchObject({ items: [{ preview: 'm0' }], nextCursor: null })
    expect(await messages.listByContact(BEN, 2, null)).toBeNull()
  })
})
