import { afterAll, beforeAll, expect, it } from 'vitest'
import { createParley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const RULES = `rules:
  - id: welcome
    on: account.created
    send:
      template: hello_world
    category: utility
`

describeEachDatabase('rules set through the API without a rules file', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  it('are kept in the database and in force again after a restart; a refused document is not kept', async () => {
    expect((await h.api('PUT', '/v1/rules', { document: RULES })).status).toBe(200)
    expect((await h.api('PUT', '/v1/rules', { document: 'rules:\n  - id: broken\n' })).status).toBe(422)

    // Another Parley on the same database, as after a restart: it starts with the saved rules.
    const restarted = await createParley(h.config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database: h.db.database })
    try {
      const answer = await restarted.app!.inject({ method: 'GET', url: '/v1/rules', headers: { authorization: `Bearer ${TEST_API_KEY}` } })
      expect(answer.json()).toMatchObject({ file: null, rules: 1, ids: ['welcome'], document: RULES })
    } finally {
      await restarted.close()
    }
  })
})
