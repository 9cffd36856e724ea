import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

/** A read that keeps the database busy for a long while: counting a recursive series of 3 million rows. */
const longCount = sql<{ n: number | string }>`
  with recursive series(i) as (select 1 union all select i + 1 from series where i < 3000000)
  select count(*) as n from series`

describeEachDatabase('Long reads (reports)', (dialect) => {
  let test: TestDatabase
  beforeEach(async () => {
    test = await openTestDatabase(dialect)
  })
  afterEach(async () => test?.close())

  it('answer with the rows the query builder would, including what was committed just before', async () => {
    const { db } = test.database
    await db.insertInto('operators').values({ id: 'op_1', email: 'a@example.org', name: 'Anna', role: 'operator', password_hash: 'x', created_at: 1, disabled_at: null }).execute()
    const query = db.selectFrom('operators').select(['id', 'name']).where('id', '=', 'op_1')
    expect(await test.database.longRead(query.compile())).toEqual(await query.execute())
    expect(await test.database.longRead(query.compile())).toEqual([{ id: 'op_1', name: 'Anna' }])
  })

  it('leave the event loop free while they run: a timer set after the read started fires before it ends', async () => {
    const { database } = test
    let finished = false
    const reading = database.longRead(longCount.compile(database.db)).then((rows) => {
      finished = true
      return rows
    })
    // On the calling thread (better-sqlite3's own way) the timer could only fire once the count was done.
    await new Promise((resolve) => setTimeout(resolve, 1))
    expect(finished).toBe(false)
    expect(Number((await reading)[0]!.n)).toBe(3_000_000)
  })

  it('fail with the database\'s own error, and the next read works', async () => {
    const { database } = test
    await expect(database.longRead(sql`select * from no_such_table`.compile(database.db))).rejects.toThrow(/no_such_table/)
    expect(await database.longRead(sql<{ one: number }>`select 1 as one`.compile(database.db))).toEqual([{ one: 1 }])
  })
})
