/** How a new inbound message in an unassigned conversation finds its operator (PARLEY_AUTO_ASSIGN). */
export const AUTO_ASSIGN_MODES = ['off', 'round_robin', 'sticky'] as const
export type AutoAssignMode = (typeof AUTO_ASSIGN_MODES)[number]

export interface AssignmentCandidates {
  mode: AutoAssignMode
  /** The operators who may take conversations (online, not viewers), in a stable order (by id). */
  online: readonly string[]
  /** Whom the round robin gave the last turn to (null: nobody yet). */
  lastTurn: string | null
  /** Who last handled this parent's conversation (sticky mode offers it back to them). */
  lastHandler: string | null
}

/** Who gets the conversation, and whether that took the round robin's turn (its pointer moves then). */
export type AssignmentChoice = { kind: 'none' } | { kind: 'sticky'; operatorId: string } | { kind: 'turn'; operatorId: string }

/**
 * The automatic assignee: in sticky mode the last handler while they are online; otherwise the
 * online operator after the last turn's, in order, wrapping around (so an operator who went
 * offline and came back resumes their place instead of restarting the rotation). Nobody online:
 * the conversation stays unassigned.
 */
export function chooseAssignee(input: AssignmentCandidates): AssignmentChoice {
  if (input.mode === 'off' || input.online.length === 0) return { kind: 'none' }
  if (input.mode === 'sticky' && input.lastHandler !== null && input.online.includes(input.lastHandler)) {
    return { kind: 'sticky', operatorId: input.lastHandler }
  }
  const last = input.lastTurn
  const next = (last === null ? undefined : input.online.find((id) => id > last)) ?? input.online[0]!
  return { kind: 'turn', operatorId: next }
}
