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

export interface ResponseTimes {
  firstResponseSeconds: number | null
  resolutionSeconds: number | null
  /** Null when no cycle is running (nothing waited since the conversation was opened). */
  sla: FirstResponseSla | null
}

const seconds = (from: Instant, to: Instant) => Math.max(0, Math.round((to - from) / 1000))

/**
 * The cycle's response times and its first-response SLA against `targetMinutes` (the global
 * default today; a team's own target where it has one). A cycle resolved without an answer is
 * judged at its resolution, an unanswered open one at `now`.
 */
export function responseTimes(cycle: ConversationCycle, targetMinutes: number, now: Instant): ResponseTimes {
  const { startedAt, firstResponseAt, resolvedAt } = cycle
  if (startedAt === null) return { firstResponseSeconds: null, resolutionSeconds: null, sla: null }
  const dueAt = startedAt + targetMinutes * MINUTE
  const judgedAt = firstResponseAt ?? resolvedAt ?? now
  return {
    firstResponseSeconds: firstResponseAt === null ? null : seconds(startedAt, firstResponseAt),
    resolutionSeconds: resolvedAt === null ? null : seconds(startedAt, resolvedAt),
    sla: { dueAt, breached: judgedAt > dueAt },
  }
}

/** The first-response target in minutes: the conversation's team's own, else the global default. */
export function firstResponseTarget(teamMinutes: number | null, defaultMinutes: number): number {
  return teamMinutes ?? defaultMinutes
}
