import { z } from 'zod'
import type { Instant } from '../shared/time.js'

/** A team of operators: whose conversations they answer, and the response targets it promises. */
export interface Team {
  id: string
  name: string
  /** Minutes to the first answer; null: the team sets none (the global default applies). */
  firstResponseSlaMinutes: number | null
  /** Minutes to resolution; null: none of its own. */
  resolutionSlaMinutes: number | null
  memberIds: string[]
  createdAt: Instant
}

/** A week: a target longer than that is a typo, not a promise. */
export const MAX_SLA_MINUTES = 7 * 24 * 60

const slaMinutes = z.number().int().min(1).max(MAX_SLA_MINUTES).nullable()

/** What creating or changing a team takes, at the API and the CLI alike. */
export const teamFieldsSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    first_response_sla_minutes: slaMinutes.optional(),
    resolution_sla_minutes: slaMinutes.optional(),
  })
  .strict()

export type TeamFields = z.output<typeof teamFieldsSchema>

export interface TeamChange {
  name?: string
  firstResponseSlaMinutes?: number | null
  resolutionSlaMinutes?: number | null
}
