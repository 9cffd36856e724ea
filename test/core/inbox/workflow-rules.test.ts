import { describe, expect, it } from 'vitest'
import { chooseAssignee, type AssignmentCandidates } from '../../../src/core/inbox/auto-assign.js'
import { responseTimes, slaTargets } from '../../../src/core/inbox/response-times.js'
import { createTypingThrottle } from '../../../src/core/inbox/typing.js'

const T = Date.UTC(2026, 2, 1, 9, 0, 0)
const MIN = 60_000

describe('response times and the first-response SLA', () => {
  const cases: Array<[string, Parameters<typeof responseTimes>[0], number, ReturnType<typeof responseTimes>]> = [
    ['no cycle running', { startedAt: null, firstResponseAt: null, resolvedAt: null }, T, { firstResponseSeconds: null, resolutionSeconds: null, sla: null, resolutionSla: null }],
    ['waiting, within the target', { startedAt: T, firstResponseAt: null, resolvedAt: null }, T + 15 * MIN, { firstResponseSeconds: null, resolutionSeconds: null, sla: { dueAt: T + 15 * MIN, breached: false }, resolutionSla: null }],
    ['waiting, past the target', { startedAt: T, firstResponseAt: null, resolvedAt: null }, T + 15 * MIN + 1, { firstResponseSeconds: null, resolutionSeconds: null, sla: { dueAt: T + 15 * MIN, breached: true }, resolutionSla: null }],
    ['answered in time stays met', { startedAt: T, firstResponseAt: T + 90_000, resolvedAt: null }, T + 60 * MIN, { firstResponseSeconds: 90, resolutionSeconds: null, sla: { dueAt: T + 15 * MIN, breached: false }, resolutionSla: null }],
    ['answered late', { startedAt: T, firstResponseAt: T + 20 * MIN, resolvedAt: T + 30 * MIN }, T + 60 * MIN, { firstResponseSeconds: 1200, resolutionSeconds: 1800, sla: { dueAt: T + 15 * MIN, breached: true }, resolutionSla: null }],
    ['resolved unanswered in time', { startedAt: T, firstResponseAt: null, resolvedAt: T + 5 * MIN }, T + 60 * MIN, { firstResponseSeconds: null, resolutionSeconds: 300, sla: { dueAt: T + 15 * MIN, breached: false }, resolutionSla: null }],
  ]
  for (const [name, cycle, now, expected] of cases) it(name, () => expect(responseTimes(cycle, { firstResponseMinutes: 15, resolutionMinutes: null }, now)).toEqual(expected))

  it('takes the target as a parameter (a team may have its own)', () => {
    expect(responseTimes({ startedAt: T, firstResponseAt: null, resolvedAt: null }, { firstResponseMinutes: 5, resolutionMinutes: null }, T + 6 * MIN).sla).toEqual({ dueAt: T + 5 * MIN, breached: true })
  })

  it("holds a cycle to its team's resolution target: running, breached while open, met or missed at resolution", () => {
    const targets = { firstResponseMinutes: 15, resolutionMinutes: 60 }
    const open = { startedAt: T, firstResponseAt: T + MIN, resolvedAt: null }
    expect(responseTimes(open, targets, T + 60 * MIN).resolutionSla).toEqual({ dueAt: T + 60 * MIN, breached: false })
    expect(responseTimes(open, targets, T + 60 * MIN + 1).resolutionSla).toEqual({ dueAt: T + 60 * MIN, breached: true })
    expect(responseTimes({ ...open, resolvedAt: T + 59 * MIN }, targets, T + 5 * 60 * MIN).resolutionSla?.breached).toBe(false)
    expect(responseTimes({ ...open, resolvedAt: T + 61 * MIN }, targets, T + 61 * MIN).resolutionSla?.breached).toBe(true)
  })

  it("takes a team's own targets, else the default first response and no resolution target", () => {
    expect(slaTargets(null, 15)).toEqual({ firstResponseMinutes: 15, resolutionMinutes: null })
    expect(slaTargets({ firstResponseSlaMinutes: null, resolutionSlaMinutes: 240 }, 15)).toEqual({ firstResponseMinutes: 15, resolutionMinutes: 240 })
    expect(slaTargets({ firstResponseSlaMinutes: 5, resolutionSlaMinutes: null }, 15)).toEqual({ firstResponseMinutes: 5, resolutionMinutes: null })
  })
})

describe('choosing the automatic assignee', () => {
  const base: AssignmentCandidates = { mode: 'round_robin', online: ['op_a', 'op_b', 'op_c'], lastTurn: null, lastHandler: null }
  it('gives nobody anything when off, or when nobody is online', () => {
    expect(chooseAssignee({ ...base, mode: 'off' })).toEqual({ kind: 'none' })
    expect(chooseAssignee({ ...base, online: [] })).toEqual({ kind: 'none' })
    expect(chooseAssignee({ ...base, mode: 'sticky', online: [], lastHandler: 'op_a' })).toEqual({ kind: 'none' })
  })
  it('takes turns after the last one, wrapping, and past an operator who went offline', () => {
    expect(chooseAssignee(base)).toEqual({ kind: 'turn', operatorId: 'op_a' })
    expect(chooseAssignee({ ...base, lastTurn: 'op_a' })).toEqual({ kind: 'turn', operatorId: 'op_b' })
    expect(chooseAssignee({ ...base, lastTurn: 'op_c' })).toEqual({ kind: 'turn', operatorId: 'op_a' })
    expect(chooseAssignee({ ...base, online: ['op_a', 'op_c'], lastTurn: 'op_b' })).toEqual({ kind: 'turn', operatorId: 'op_c' })
  })
  it('sticky: the last handler while online, else the next turn', () => {
    expect(chooseAssignee({ ...base, mode: 'sticky', lastTurn: 'op_a', lastHandler: 'op_c' })).toEqual({ kind: 'sticky', operatorId: 'op_c' })
    expect(chooseAssignee({ ...base, mode: 'sticky', lastTurn: 'op_a', lastHandler: 'op_gone' })).toEqual({ kind: 'turn', operatorId: 'op_b' })
    // Round robin ignores the handler.
    expect(chooseAssignee({ ...base, lastTurn: 'op_a', lastHandler: 'op_c' })).toEqual({ kind: 'turn', operatorId: 'op_b' })
  })
})

describe('the typing throttle', () => {
  it('lets one signal per operator and conversation through every 3 s', () => {
    const throttle = createTypingThrottle(3000)
    expect(throttle.admit('op_a', '+1', T)).toBe(true)
    expect(throttle.admit('op_a', '+1', T + 2999)).toBe(false)
    expect(throttle.admit('op_b', '+1', T + 1)).toBe(true)
    expect(throttle.admit('op_a', '+2', T + 1)).toBe(true)
    expect(throttle.admit('op_a', '+1', T + 3000)).toBe(true)
  })
  it('forgets old entries once full, without refusing a new operator', () => {
    const throttle = createTypingThrottle(3000, 2)
    throttle.admit('op_a', '+1', T)
    throttle.admit('op_b', '+1', T)
    expect(throttle.admit('op_c', '+1', T + 5000)).toBe(true)
    expect(throttle.admit('op_a', '+1', T + 5001)).toBe(true)
  })
})
