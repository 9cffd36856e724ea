import type { SandboxFaults } from '../../src/sandbox/index.js'

/** A small seeded generator (mulberry32): the same seed gives the same schedule and the same fault dice. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * One step of the chaos. `at` is a point in the run's progress (the share of messages the sandbox
 * has taken), not a time: a slow machine reaches each step later, never skips it.
 */
export type ChaosAction =
  | { at: number; kind: 'kill'; process: string; downMs: number }
  | { at: number; kind: 'restart-postgres'; downMs: number }
  | { at: number; kind: 'faults'; faults: Partial<SandboxFaults>; label: string }

export interface SchedulePlan {
  /** Each of these processes is killed -9 this many times. */
  kills: Record<string, number>
  restartPostgres: boolean
}

/** The sandbox faults the chaos switches on for a stretch of the run, and what switches each off again. */
const FAULTS: Array<{ label: string; on: Partial<SandboxFaults>; off: Partial<SandboxFaults> }> = [
  { label: 'provider 5xx', on: { serverErrorRate: 0.2 }, off: { serverErrorRate: 0 } },
  { label: 'connections dropped after the send was accepted', on: { dropAfterRate: 0.05 }, off: { dropAfterRate: 0 } },
  { label: 'connections dropped before the send', on: { dropBeforeRate: 0.05 }, off: { dropBeforeRate: 0 } },
  { label: 'webhooks duplicated', on: { duplicateWebhookRate: 0.3 }, off: { duplicateWebhookRate: 0 } },
  { label: 'read before delivered, delivered skipped', on: { readBeforeDeliveredRate: 0.3, skipDeliveredRate: 0.1 }, off: { readBeforeDeliveredRate: 0, skipDeliveredRate: 0 } },
  { label: 'slow responses', on: { extraLatencyMs: 300 }, off: { extraLatencyMs: 0 } },
]

/** The steps for `plan`, drawn from `random`, in the order they happen. Everything ends by 85 % of the run. */
export function planSchedule(random: () => number, plan: SchedulePlan): ChaosAction[] {
  const at = (from: number, to: number) => from + random() * (to - from)
  const actions: ChaosAction[] = []
  for (const [process, times] of Object.entries(plan.kills)) {
    for (let i = 0; i < times; i++) actions.push({ at: at(0.05, 0.85), kind: 'kill', process, downMs: Math.round(at(100, 1500)) })
  }
  if (plan.restartPostgres) actions.push({ at: at(0.2, 0.7), kind: 'restart-postgres', downMs: Math.round(at(200, 1500)) })
  for (const fault of FAULTS) {
    const on = at(0.02, 0.6)
    const off = at(on + 0.05, 0.85)
    actions.push({ at: on, kind: 'faults', faults: fault.on, label: `${fault.label} on` })
    actions.push({ at: off, kind: 'faults', faults: fault.off, label: `${fault.label} off` })
  }
  return actions.sort((a, b) => a.at - b.at)
}

/** A readable line for a step, for the run's log. */
export function describeAction(action: ChaosAction): string {
  const where = `${Math.round(action.at * 100)}%`
  switch (action.kind) {
    case 'kill':
      return `${where} kill -9 ${action.process}, down ${action.downMs} ms`
    case 'restart-postgres':
      return `${where} PostgreSQL stopped (immediate), down ${action.downMs} ms`
    case 'faults':
      return `${where} ${action.label}`
  }
}
