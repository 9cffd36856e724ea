import { expect, it } from 'vitest'
import { createDatabaseClock } from '../../src/runtime/database-clock.js'
import { readDatabaseTime } from '../../src/store/database-time.js'
import { describeEachDatabase, openTestDatabase } from '../support/databases.js'

it("reads this machine's clock set to the database's, and never goes back when a new measurement is lower", async () => {
  let local = 1_000_000
  let database = local + 5_000
  const clock = await createDatabaseClock(async () => database, () => local, 10)
  try {
    expect(clock.now()).toBe(1_005_000)
    local += 100
    expect(clock.now()).toBe(1_005_100)
    // The database's clock is now found 3 s behind what we thought: readings stand still until they catch up.
    database = local + 2_000
    await new Promise<void>((resolve) => {
      const wait = setInterval(() => clock.offset() === 2_000 && (clearInterval(wait), resolve()), 5)
    })
    expect(clock.now()).toBe(1_005_100)
    local += 3_500
    expect(clock.now()).toBe(1_005_600)
  } finally {
    clock.close()
  }
})

describeEachDatabase('the database server time', (dialect) => {
  it('is read in epoch milliseconds', async () => {
    const t = await openTestDatabase(dialect)
    try {
      const before = Date.now()
      const at = await readDatabaseTime(t.database)
      // The same machine runs the database in tests: its clock is this one, give or take a second.
      expect(Math.abs(at - before)).toBeLessThan(1_000)
    } finally {
      await t.close()
    }
  })
})
