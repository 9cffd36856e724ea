import type { Role } from '../operators/model.js'

/**
 * Which conversations a request may see. `all`: machines (API keys), admins, and operators given
 * every team. Otherwise an operator's teams' conversations, the unrouted ones (no team) and
 * those assigned to them: routing narrows what someone sees, it never hides what is theirs.
 */
export type Visibility = { kind: 'all' } | { kind: 'teams'; operatorId: string; teamIds: readonly string[] }

export type Viewer = { kind: 'key' } | { kind: 'operator'; id: string; role: Role; seesAllTeams: boolean }

/** Whether the viewer's visibility depends on their teams (so their team ids must be looked up). */
export function needsTeams(viewer: Viewer): viewer is Extract<Viewer, { kind: 'operator' }> {
  return viewer.kind === 'operator' && viewer.role !== 'admin' && !viewer.seesAllTeams
}

/** The viewer's visibility, given their teams (ignored when they see everything). */
export function visibilityOf(viewer: Viewer, teamIds: readonly string[]): Visibility {
  return needsTeams(viewer) ? { kind: 'teams', operatorId: viewer.id, teamIds } : { kind: 'all' }
}

/** Whether a conversation routed to `teamId` and assigned to `assigneeId` is visible. */
export function canSee(visibility: Visibility, conversation: { teamId: string | null; assigneeId: string | null }): boolean {
  if (visibility.kind === 'all') return true
  return conversation.teamId === null || visibility.teamIds.includes(conversation.teamId) || conversation.assigneeId === visibility.operatorId
}
