import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { addOperator } from '../../core/operators/add-operator.js'
import { ROLES, type Operator } from '../../core/operators/model.js'
import type { AuditLog, OperatorStore, PasswordHasher } from '../../core/operators/ports.js'
import type { Clock } from '../../core/ports.js'
import { toIso } from '../../core/shared/time.js'
import type { TeamStore } from '../../core/teams/ports.js'
import { scopesOf } from '../auth.js'
import { errorSchema } from '../schemas.js'

export interface OperatorRoutesDeps {
  operators: OperatorStore
  passwords: PasswordHasher
  teams: Pick<TeamStore, 'teamIdsByOperator' | 'teamIdsOf'>
  audit: AuditLog
  clock: Clock
}

const listedOperatorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    team_ids: z.array(z.string()).describe('The teams the operator is a member of'),
    email: z.string().optional().describe('Only for an admin: the inbox shows names, and addresses are personal data'),
    sees_all_teams: z.boolean().optional().describe("Only for an admin: sees every team's conversations"),
    disabled: z.boolean().optional().describe('Only for an admin'),
    created_at: z.string().optional().describe('Only for an admin'),
  })
  .meta({ id: 'ListedOperator' })

const operatorIdParams = z.object({ id: z.string().min(1).max(100) })

const newOperatorBody = z
  .object({
    email: z.string().max(254),
    name: z.string().max(100).optional(),
    role: z.enum(ROLES),
    password: z.string().max(1024).optional().describe('At least 12 characters; left out, one is generated and answered once, in `password`'),
    sees_all_teams: z.boolean().optional(),
  })
  .strict()

const operatorChangeBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional().describe('true ends their sessions now; false lets them log in again'),
    sees_all_teams: z.boolean().optional(),
  })
  .strict()

function adminView(operator: Operator, teamIds: string[]): z.output<typeof listedOperatorSchema> {
  return {
    id: operator.id,
    name: operator.name,
    role: operator.role,
    team_ids: teamIds,
    email: operator.email,
    sees_all_teams: operator.seesAllTeams,
    disabled: operator.disabledAt !== null,
    created_at: toIso(operator.createdAt),
  }
}

/** The operators: listed for the inbox (names of assignees), added and changed by an admin. */
export const operatorRoutes: FastifyPluginAsyncZod<OperatorRoutesDeps> = async (app, deps) => {
  app.get(
    '/v1/operators',
    {
      schema: {
        summary: 'The operators',
        description: 'Every operator not disabled, oldest first: id, name, role and teams (and, for an admin, e-mail address, `sees_all_teams`, and with `include_disabled=true` the disabled ones too).',
        tags: ['session'],
        querystring: z.object({ include_disabled: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ data: z.array(listedOperatorSchema) }), 401: errorSchema },
      },
    },
    async (request) => {
      const admin = request.actor !== undefined && scopesOf(request.actor).includes('admin')
      const teams = await deps.teams.teamIdsByOperator()
      const listed = (await deps.operators.list()).filter((operator) => operator.disabledAt === null || (admin && request.query.include_disabled === 'true'))
      return {
        data: listed.map((operator) => {
          const teamIds = teams.get(operator.id) ?? []
          return admin ? adminView(operator, teamIds) : { id: operator.id, name: operator.name, role: operator.role, team_ids: teamIds }
        }),
      }
    },
  )

  app.post(
    '/v1/operators',
    {
      schema: {
        summary: 'Adds an operator',
        description: 'Audited (`operator.added`). A taken address is `409 operator_exists`.',
        tags: ['session'],
        body: newOperatorBody,
        response: { 201: listedOperatorSchema.extend({ password: z.string().optional().describe('The generated password, shown this once') }), 400: errorSchema, 401: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { password, ...rest } = request.body
      const generated = password === undefined ? randomBytes(18).toString('base64url') : null
      const operator = await addOperator({ store: deps.operators, passwords: deps.passwords }, { ...rest, password: password ?? generated }, deps.clock.now())
      if (request.actor) await deps.audit.record({ actor: request.actor, action: 'operator.added', target: { kind: 'operator', id: operator.id }, details: { email: operator.email, role: operator.role } })
      reply.code(201)
      return { ...adminView(operator, []), ...(generated ? { password: generated } : {}) }
    },
  )

  app.patch(
    '/v1/operators/:id',
    {
      schema: {
        summary: "Changes an operator's name, role, whether they see all teams, or disables (or re-enables) them",
        description: 'Audited (`operator.updated`). An admin cannot disable themselves or give up their own admin role (`403 forbidden`): another admin must.',
        tags: ['session'],
        params: operatorIdParams,
        body: operatorChangeBody,
        response: { 200: listedOperatorSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { id } = request.params
      const { name, role, disabled, sees_all_teams: seesAllTeams } = request.body
      const self = request.actor?.kind === 'operator' && request.actor.id === id
      if (self && (disabled === true || (role !== undefined && role !== 'admin'))) {
        throw new ParleyError('forbidden', 'An admin cannot disable themselves or give up their own admin role: another admin must.')
      }
      const change = { ...(name !== undefined ? { name } : {}), ...(role !== undefined ? { role } : {}), ...(disabled !== undefined ? { disabled } : {}), ...(seesAllTeams !== undefined ? { seesAllTeams } : {}) }
      const updated = await deps.operators.update(id, change, deps.clock.now())
      if (!updated) throw new ParleyError('not_found', `No operator ${id}.`)
      if (request.actor) await deps.audit.record({ actor: request.actor, action: 'operator.updated', target: { kind: 'operator', id }, details: request.body })
      return adminView(updated, await deps.teams.teamIdsOf(id))
    },
  )
}
