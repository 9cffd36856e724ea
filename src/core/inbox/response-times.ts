import { MINUTE, type Instant } from '../shared/time.js'

/**
 * A conversation's current cycle: it starts at the first inbound message that waited for an answer
 * since the conversation was opened or reopened, and ends when it is resolved.
 */
export interface ConversationCycle {
  /** Null: nothing has waited for an answer since the conversation was (re)opened. */
  startedAt: Instant | null
  /** The cycle's first direct outbound message (an operator's or the business's API send). */
  firstResponseAt: Instant | null
  /** Null while the conversation is open. */
  resolvedAt: Instant | null
}

/** The first-response target a cycle is held to: met (answered in time), breached, or still running. */
export interface FirstResponseSla {
  dueAt: Instant
  breached: boolean
}

/** The resolution target, where the conversation's team sets one: met, breached, or still running. */
export interface ResolutionSla {
  dueAt: Instant
  breached: boolean
}

export interface ResponseTimes {
  firstResponseSeconds: number | null
  resolutionSeconds: number | null
  /** Null when no cycle is running (nothing waited since the conversation was opened). */
  sla: FirstResponseSla | null
  /** Null when no cycle is running, or no resolution target applies. */
  resolutionSla: ResolutionSla | null
}

/** What a cycle is held to: minutes to the first answer, and to resolution where a team sets it. */
export interface SlaTargets {
  firstResponseMinutes: number
  resolutionMinutes: number | null
}

const seconds = (from: Instant, to: Instant) => Math.max(0, Math.round((to - from) / 1000))

/**
 * The cycle's response times and its SLAs against `targets` (a team's own, else the global
 * first-response default). A cycle resolved without an answer is judged at its resolution, an
 * unanswered open one at `now`; an open cycle's resolution target at `now`.
 */
export function responseTimes(cycle: ConversationCycle, targets: SlaTargets, now: Instant): ResponseTimes {
  const { startedAt, firstResponseAt, resolvedAt } = cycle
  if (startedAt === null) return { firstResponseSeconds: null, resolutionSeconds: null, sla: null, resolutionSla: null }
  const dueAt = startedAt + targets.firstResponseMinutes * MINUTE
  const judgedAt = firstResponseAt ?? resolvedAt ?? now
  const resolutionDueAt = targets.resolutionMinutes === null ? null : startedAt + targets.resolutionMinutes * MINUTE
  return {
    firstResponseSeconds: firstResponseAt === null ? null : seconds(startedAt, firstResponseAt),
    resolutionSeconds: resolvedAt === null ? null : seconds(startedAt, resolvedAt),
    sla: { dueAt, breached: judgedAt > dueAt },
    resolutionSla: resolutionDueAt === null ? null : { dueAt: resolutionDueAt, breached: (resolvedAt ?? now) > resolutionDueAt },
  }
}

/** The targets a conversation is held to: its team's own, else the global first-response default and no resolution target. */
export function slaTargets(team: { firstResponseSlaMinutes: number | null; resolutionSlaMinutes: number | null } | null, defaultFirstResponseMinutes: number): SlaTargets {
  return { firstResponseMinutes: team?.firstResponseSlaMinutes ?? defaultFirstResponseMinutes, resolutionMinutes: team?.resolutionSlaMinutes ?? null }
}
