import type { Instant } from '../shared/time.js'
import type { Team, TeamChange } from './model.js'

/** Teams and their members. */
export interface TeamStore {
  /** Every team, by name, with its members. */
  list(): Promise<Team[]>
  get(id: string): Promise<Team | null>
  /** Adds a team; `exists` when the name is taken. */
  create(input: { name: string; firstResponseSlaMinutes: number | null; resolutionSlaMinutes: number | null }, now: Instant): Promise<{ kind: 'created'; team: Team } | { kind: 'exists' }>
  /** Changes what `change` names; null when there is no such team, `exists` when the new name is taken. */
  update(id: string, change: TeamChange): Promise<{ kind: 'updated'; team: Team } | { kind: 'exists' } | null>
  /** Deletes a team; its conversations become unrouted. False when there is no such team. */
  remove(id: string): Promise<boolean>
  /** Replaces the members; `unknown_operators` names ids that are no operator; null when there is no such team. */
  setMembers(id: string, operatorIds: readonly string[]): Promise<{ kind: 'set'; team: Team } | { kind: 'unknown_operators'; ids: string[] } | null>
  /** The teams an operator is a member of. */
  teamIdsOf(operatorId: string): Promise<string[]>
  /** Each operator's teams, for the list of operators. */
  teamIdsByOperator(): Promise<Map<string, string[]>>
}
