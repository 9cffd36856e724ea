import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { DAY } from '../../src/core/shared/time.js'
import { createReceiverHeartbeats, receivingSince } from '../../src/store/receiver-heartbeats.js'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { T0, ids } from './message-fixtures.js'

describeEachDatabase('ReceiverHeartbeats contract', (dialect) => {
  const stores = useStores(dialect, ids)

  async function since(now: number): Promise<number | null> {
    const { rows } = await sql<{ since: number | null }>`select ${receivingSince(now)} as since`.execute(stores().database.db)
    return rows[0]?.since ?? null
  }

  it('keeps one unbroken run while beats come before the last one stops vouching', async () => {
    const heartbeats = createReceiverHeartbeats(stores().database)
    expect(await since(T0)).toBeNull()
    for (let at = T0; at <= T0 + 20_000; at += 2000) await heartbeats.beat('api-1', at, 6000)
    expect(await since(T0 + 20_000)).toBe(T0)
    // Nothing since the beat at T0 + 20 s: from T0 + 26 s on, nobody is taken to be receiving.
    expect(await since(T0 + 25_999)).toBe(T0)
    expect(await since(T0 + 26_000)).toBeNull()
  })

  it('starts a new run after a gap longer than a mark holds (a stalled process, a lost database)', async () => {
    const heartbeats = createReceiverHeartbeats(stores().database)
    await heartbeats.beat('api-1', T0, 6000)
    await heartbeats.beat('api-1', T0 + 10_000, 6000)
    expect(await since(T0 + 10_000)).toBe(T0 + 10_000)
  })

  it('answers the earliest run among the processes receiving now; a withdrawn or long-gone mark counts for nothing', async () => {
    const { database } = stores()
    const heartbeats = createReceiverHeartbeats(database)
    await heartbeats.beat('crashed-yesterday', T0 - 2 * DAY, 6000)
    await heartbeats.beat('api-1', T0 - 60_000, 70_000)
    await heartbeats.beat('api-2', T0 - 30_000, 40_000)
    expect(await since(T0)).toBe(T0 - 60_000)
    await heartbeats.end('api-1')
    expect(await since(T0)).toBe(T0 - 30_000)
    const owners = await database.db.selectFrom('receiver_heartbeats').select('owner').orderBy('owner').execute()
    expect(owners.map((o) => o.owner)).toEqual(['api-2'])
  })
})
