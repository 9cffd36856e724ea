import { afterEach, beforeEach, expect, it } from 'vitest'
import { ADAPTIVE_RATE } from '../../src/config.js'
import { createRateBucketStore, type RateBucketStore } from '../../src/store/rate-buckets.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const T0 = 1_800_000_000_000
const at80 = { ratePerSecond: 80, policy: ADAPTIVE_RATE }
const limit = (ratePerSecond: number) => ({ ratePerSecond, policy: ADAPTIVE_RATE })

describeEachDatabase('rate buckets', (dialect) => {
  let t: TestDatabase
  let buckets: RateBucketStore
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    buckets = createRateBucketStore(t.database)
  })
  afterEach(async () => t.close())

  const granted = async (key: string, wanted: number, l: { ratePerSecond: number }, now: number) =>
    (await buckets.take(key, wanted, { policy: ADAPTIVE_RATE, ...l }, now)).granted

  it('starts full (a quarter second of the rate), never grants more than it holds, and refills at the rate', async () => {
    expect(await granted('s', 100, at80, T0)).toBe(20)
    expect(await granted('s', 100, at80, T0)).toBe(0)
    expect(await granted('s', 100, at80, T0 + 100)).toBe(8)
    expect(await granted('s', 100, at80, T0 + 10_000)).toBe(20)
  })

  it('takes back what was not used', async () => {
    expect(await granted('s', 10, limit(40), T0)).toBe(10)
    await buckets.refund('s', 4)
    expect(await granted('s', 10, limit(40), T0)).toBe(4)
  })

  it('keeps keys apart', async () => {
    expect(await granted('a', 5, limit(20), T0)).toBe(5)
    expect(await granted('b', 5, limit(20), T0)).toBe(5)
  })

  it('hands out each token once to concurrent takers', async () => {
    expect(await granted('s', 1000, limit(200), T0)).toBe(50)
    const grants = await Promise.all(Array.from({ length: 10 }, () => granted('s', 7, limit(200), T0 + 250)))
    expect(grants.reduce((a, b) => a + b, 0)).toBe(50)
  })

  it('halves the rate on a throttle, once per hold period, and refills at the cut rate', async () => {
    expect(await buckets.take('s', 100, at80, T0)).toEqual({ granted: 20, ratePerSecond: 80 })
    expect(await buckets.throttled('s', at80, T0)).toBe(40)
    // Refusals of sends made before the cut took effect do not cut again.
    expect(await buckets.throttled('s', at80, T0 + ADAPTIVE_RATE.holdMs - 1)).toBe(40)
    expect(await buckets.take('s', 100, at80, T0 + 100)).toEqual({ granted: 4, ratePerSecond: 40 })
    expect(await buckets.throttled('s', at80, T0 + ADAPTIVE_RATE.holdMs)).toBe(20)
    expect(await buckets.rate('s', at80, T0 + ADAPTIVE_RATE.holdMs)).toBe(20)
  })

  it('shares the cut with every store on the database, and recovers after quiet time', async () => {
    const other = createRateBucketStore(t.database)
    await buckets.take('s', 1, at80, T0)
    await buckets.throttled('s', at80, T0)
    expect(await other.take('s', 100, at80, T0 + 1)).toEqual({ granted: 10, ratePerSecond: 40 })
    expect(await other.rate('s', at80, T0 + ADAPTIVE_RATE.quietMs)).toBe(40)
    expect(await other.rate('s', at80, T0 + ADAPTIVE_RATE.quietMs + ADAPTIVE_RATE.recoverMs)).toBe(80)
    expect(await other.take('s', 100, at80, T0 + ADAPTIVE_RATE.quietMs + ADAPTIVE_RATE.recoverMs)).toEqual({ granted: 20, ratePerSecond: 80 })
  })

  it('cuts once when several workers report the same burst of refusals at once', async () => {
    await buckets.take('s', 1, at80, T0)
    const stores = Array.from({ length: 5 }, () => createRateBucketStore(t.database))
    await Promise.all(stores.map((s) => s.throttled('s', at80, T0 + 10)))
    expect(await buckets.rate('s', at80, T0 + 10)).toBe(40)
  })

  it('reads an untouched key at its configured rate', async () => {
    expect(await buckets.rate('never', at80, T0)).toBe(80)
  })
})
