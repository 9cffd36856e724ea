import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { logIn, openSse } from '../support/sse.js'

const PASSWORD = 'a long enough passphrase'

describeEachDatabase('automatic assignment (PARLEY_AUTO_ASSIGN=round_robin)', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, env: { PARLEY_AUTO_ASSIGN: 'round_robin' } })
    for (const [email, role] of [['anna@example.com', 'operator'], ['boris@example.com', 'operator'], ['vera@example.com', 'viewer']] as const) {
      await addOperator(h.parley.operators, { email, role, password: PASSWORD }, Date.now())
    }
  })
  afterAll(async () => h?.close())

  const assigneeOf = async (phone: string) =>
    eventually(async () => {
      const c = ((await h.api('GET', '/v1/conversations')).body.data as any[]).find((x) => x.phone === phone)
      return c !== undefined && { id: c.assignee_id as string | null }
    })

  it("gives a new parent's conversation to the operator whose inbox is open, live; nobody online: it stays unassigned", async () => {
    await h.sandbox.userSends('+905321330001', { text: 'nobody is here' })
    expect((await assigneeOf('+905321330001')).id).toBeNull()

    const anna = await logIn(h.url, 'anna@example.com', PASSWORD)
    const vera = await logIn(h.url, 'vera@example.com', PASSWORD)
    await logIn(h.url, 'boris@example.com', PASSWORD) // logged in, but no inbox open: not online
    const annasInbox = await openSse(h.url, { cookie: anna.cookie })
    const verasInbox = await openSse(h.url, { cookie: vera.cookie })
    await h.sandbox.userSends('+905321330002', { text: 'hello' })
    const assigned = await annasInbox.nextOf('conversation.assigned', (e) => e.phone === '+905321330002')
    expect(assigned.data).toMatchObject({ assigneeId: anna.operatorId, previousAssigneeId: null })
    expect((await assigneeOf('+905321330002')).id).toBe(anna.operatorId)

    // The stream's end takes Anna offline; a viewer's open stream never makes them a candidate.
    annasInbox.close()
    await eventually(async () => (await h.db.database.db.selectFrom('operator_presence').select('operator_id').where('operator_id', '=', anna.operatorId).execute()).length === 0)
    await h.sandbox.userSends('+905321330003', { text: 'anyone?' })
    expect((await assigneeOf('+905321330003')).id).toBeNull()
    verasInbox.close()
  })
})
