import { afterEach, beforeEach, expect, it } from 'vitest'
import { decodeConversationCursor, type Conversations } from '../../src/core/inbox/conversations.js'
import type { OperatorStore } from '../../src/core/operators/ports.js'
import type { TeamStore } from '../../src/core/teams/ports.js'
import { createIds } from '../../src/runtime/ids.js'
import { createChangeRecorder } from '../../src/store/change-recorder.js'
import { createConversations } from '../../src/store/conversations-store.js'
import { createOperatorStore } from '../../src/store/operators.js'
import { createTeamStore } from '../../src/store/teams.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const T0 = 1_800_000_000_000
const HASH = 'scrypt$32768$8$3$c2FsdA$aGFzaA'

describeEachDatabase('team store and conversation routing', (dialect) => {
  let t: TestDatabase
  let teams: TeamStore
  let operators: OperatorStore
  let conversations: Conversations
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    const ids = createIds()
    teams = createTeamStore(t.database, ids)
    operators = createOperatorStore(t.database, ids)
    conversations = createConversations(t.database, createChangeRecorder({ publish: () => undefined }))
  })
  afterEach(async () => t.close())

  /** A contact with a conversation (its last activity at `at`). */
  async function conversation(id: string, phone: string, at: number, fields: { team_id?: string; assignee_id?: string } = {}) {
    await t.database.db.insertInto('contacts').values({ id, phone, created_at: at, updated_at: at, last_activity_at: at, last_message_preview: 'hi', last_message_direction: 'inbound', ...fields }).execute()
  }

  it('creates teams with unique names and targets, renames, sets and lists members, and deletes a team unrouting its conversations', async () => {
    const a = await teams.create({ name: 'Admissions', firstResponseSlaMinutes: 30, resolutionSlaMinutes: null }, T0)
    expect(a).toMatchObject({ kind: 'created', team: { id: expect.stringMatching(/^team_/), name: 'Admissions', firstResponseSlaMinutes: 30, resolutionSlaMinutes: null, memberIds: [] } })
    if (a.kind !== 'created') throw new Error('not created')
    expect(await teams.create({ name: 'Admissions', firstResponseSlaMinutes: null, resolutionSlaMinutes: null }, T0)).toEqual({ kind: 'exists' })
    const b = await teams.create({ name: 'Billing', firstResponseSlaMinutes: null, resolutionSlaMinutes: 600 }, T0)
    if (b.kind !== 'created') throw new Error('not created')
    expect(await teams.update(a.team.id, { name: 'Billing' })).toEqual({ kind: 'exists' })
    expect(await teams.update('team_nope', { name: 'X' })).toBeNull()
    expect(await teams.update(a.team.id, { firstResponseSlaMinutes: null, resolutionSlaMinutes: 120 })).toMatchObject({ kind: 'updated', team: { name: 'Admissions', firstResponseSlaMinutes: null, resolutionSlaMinutes: 120 } })

    const ann = await operators.add({ email: 'ann@example.com', name: 'Ann', role: 'operator', passwordHash: HASH }, T0)
    if (ann.kind !== 'added') throw new Error('not added')
    expect(await teams.setMembers(a.team.id, [ann.operator.id, 'op_nobody'])).toEqual({ kind: 'unknown_operators', ids: ['op_nobody'] })
    expect(await teams.setMembers(a.team.id, [ann.operator.id, ann.operator.id])).toMatchObject({ kind: 'set', team: { memberIds: [ann.operator.id] } })
    await teams.setMembers(b.team.id, [ann.operator.id])
    expect((await teams.teamIdsOf(ann.operator.id)).sort()).toEqual([a.team.id, b.team.id].sort())
    expect((await teams.teamIdsByOperator()).get(ann.operator.id)?.length).toBe(2)
    expect((await teams.list()).map((team) => team.name)).toEqual(['Admissions', 'Billing'])

    await conversation('ct_1', '+905321110001', T0, { team_id: b.team.id })
    expect(await teams.remove(b.team.id)).toBe(true)
    expect(await teams.remove(b.team.id)).toBe(false)
    expect(await teams.teamIdsOf(ann.operator.id)).toEqual([a.team.id])
    expect(await conversations.find({ contactId: 'ct_1' })).toMatchObject({ phone: '+905321110001', teamId: null })
  })

  it("routes a conversation (emitting nothing for no change), filters the list by team and visibility, and pages it by contact id", async () => {
    await conversation('ct_a', '+905321110001', T0 + 4, { team_id: 'team_a' })
    await conversation('ct_b', '+905321110002', T0 + 3, { team_id: 'team_b' })
    await conversation('ct_u', '+905321110003', T0 + 3)
    await conversation('ct_m', '+905321110004', T0 + 1, { team_id: 'team_b', assignee_id: 'op_ann' })
    const ann = { kind: 'teams' as const, operatorId: 'op_ann', teamIds: ['team_a'] }
    const phones = async (query: Partial<Parameters<Conversations['list']>[0]>) =>
      (await conversations.list({ filter: 'all', limit: 50, cursor: null, ...query })).items.map((c) => c.phone)
    expect(await phones({ visibility: ann })).toEqual(['+905321110001', '+905321110003', '+905321110004'])
    expect(await phones({ visibility: { kind: 'teams', operatorId: 'op_x', teamIds: [] } })).toEqual(['+905321110003'])
    expect(await phones({ team: 'team_b' })).toEqual(['+905321110002', '+905321110004'])
    expect(await phones({ visibility: { kind: 'all' } })).toHaveLength(4)

    // Page by page with cursors naming the contact, not the phone: each once, in order.
    const seen: string[] = []
    let cursor: ReturnType<typeof decodeConversationCursor> = null
    do {
      const page: Awaited<ReturnType<Conversations['list']>> = await conversations.list({ filter: 'all', limit: 1, cursor, cursorBy: 'contact' })
      seen.push(...page.items.map((c) => c.phone))
      expect(page.nextCursor === null || !Buffer.from(page.nextCursor, 'base64url').toString().includes('+90')).toBe(true)
      cursor = page.nextCursor === null ? null : decodeConversationCursor(page.nextCursor)
    } while (cursor)
    expect(seen).toEqual(['+905321110001', '+905321110002', '+905321110003', '+905321110004'])

    expect(await conversations.setTeam('+905321110003' as never, 'team_a', T0 + 10)).toBe(true)
    expect(await conversations.setTeam('+905321110003' as never, 'team_a', T0 + 11)).toBe(true) // no change: no event
    expect(await conversations.setTeam('+905329999999' as never, 'team_a', T0 + 10)).toBe(false)
    const routing = await conversations.routingOf(['ct_u', '+905321110002'])
    expect(routing.get('ct_u')).toEqual({ teamId: 'team_a', assigneeId: null })
    expect(routing.get('+905321110002')).toEqual({ teamId: 'team_b', assigneeId: null })
    const feed = await t.database.db.selectFrom('feed').select(['type', 'payload']).execute()
    expect(feed.map((f) => f.type)).toEqual(['conversation.team_changed'])
  })
})
