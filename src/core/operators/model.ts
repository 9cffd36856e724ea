import { z } from 'zod'
import type { Scope } from '../keys/model.js'
import type { Instant } from '../shared/time.js'

/** What a person using the inbox may be. */
export const ROLES = ['admin', 'operator', 'viewer'] as const

export type Role = (typeof ROLES)[number]

/**
 * Each role as the API key scopes it holds, so that one per-route scope check serves keys and
 * people alike: an operator answers conversations (sends, reads, uses templates and events), a
 * viewer only reads, an admin does everything (keys, rules, operators, the audit log).
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  admin: ['admin'],
  operator: ['messages:send', 'messages:read', 'templates', 'events'],
  viewer: ['messages:read'],
}

/** The shortest password accepted (OWASP ASVS 2.1.1 asks for at least 12 characters). */
export const MIN_PASSWORD_LENGTH = 12

/** Operators are found by e-mail address, whatever case it is typed in. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** An operator as listed: never the password's hash. */
export interface Operator {
  id: string
  email: string
  name: string
  role: Role
  createdAt: Instant
  disabledAt: Instant | null
  /** Sees the conversations of every team, not only their own teams' (see core/teams/visibility.ts). */
  seesAllTeams: boolean
}

/** What an admin may change about an operator. */
export interface OperatorChange {
  name?: string
  role?: Role
  disabled?: boolean
  seesAllTeams?: boolean
}

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024)

/** What adding an operator takes, at the CLI (and any later API) alike. */
export const newOperatorSchema = z
  .object({
    email: z.email().max(254).transform(normalEmail),
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES),
    password: passwordSchema,
    sees_all_teams: z.boolean().optional(),
  })
  .strict()

export type NewOperator = z.output<typeof newOperatorSchema>

/** An operator as the API and `parley operators list --json` show it. */
export function operatorView(operator: Operator) {
  return { id: operator.id, email: operator.email, name: operator.name, role: operator.role, sees_all_teams: operator.seesAllTeams }
}
