import { afterEach, beforeEach, expect, it } from 'vitest'
import { createRateBucketStore, type RateBucketStore } from '../../src/store/rate-buckets.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const T0 = 1_800_000_000_000

describeEachDatabase('rate buckets', (dialect) => {
  let t: TestDatabase
  let buckets: RateBucketStore
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    buckets = createRateBucketStore(t.database)
  })
  afterEach(async () => t.close())

  it('starts full, never grants more than it holds, and refills at the rate', async () => {
    expect(await buckets.take('s', 100, 80, 20, T0)).toBe(20)
    expect(await buckets.take('s', 100, 80, 20, T0)).toBe(0)
    expect(await buckets.take('s', 100, 80, 20, T0 + 100)).toBe(8)
    expect(await buckets.take('s', 100, 80, 20, T0 + 10_000)).toBe(20)
  })

  it('takes back what was not used', async () => {
    expect(await buckets.take('s', 10, 80, 10, T0)).toBe(10)
    await buckets.refund('s', 4)
    expect(await buckets.take('s', 10, 80, 10, T0)).toBe(4)
  })

  it('keeps keys apart', async () => {
    expect(await buckets.take('a', 5, 10, 5, T0)).toBe(5)
    expect(await buckets.take('b', 5, 10, 5, T0)).toBe(5)
  })

  it('hands out each token once to concurrent takers', async () => {
    const grants = await Promise.all(Array.from({ length: 10 }, () => buckets.take('s', 7, 1, 50, T0)))
    expect(grants.reduce((a, b) => a + b, 0)).toBe(50)
  })
})
