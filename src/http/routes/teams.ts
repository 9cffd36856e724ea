import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import type { AuditLog } from '../../core/operators/ports.js'
import type { Clock } from '../../core/ports.js'
import { toIso } from '../../core/shared/time.js'
import { teamFieldsSchema, type Team } from '../../core/teams/model.js'
import type { TeamStore } from '../../core/teams/ports.js'
import { errorSchema } from '../schemas.js'

export interface TeamRoutesDeps {
  teams: TeamStore
  audit: AuditLog
  clock: Clock
}

const teamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    first_response_sla_minutes: z.number().int().nullable().describe('Minutes to the first answer this team promises; null: none of its own'),
    resolution_sla_minutes: z.number().int().nullable().describe('Minutes to resolution; null: none of its own'),
    member_ids: z.array(z.string()),
    created_at: z.string(),
  })
  .meta({ id: 'Team' })

const idParams = z.object({ id: z.string().min(1).max(100) })

function teamJson(team: Team): z.output<typeof teamSchema> {
  return {
    id: team.id,
    name: team.name,
    first_response_sla_minutes: team.firstResponseSlaMinutes,
    resolution_sla_minutes: team.resolutionSlaMinutes,
    member_ids: team.memberIds,
    created_at: toIso(team.createdAt),
  }
}

const exists = (name: string) => new ParleyError('team_exists', `A team named "${name}" exists already.`, { name })
const missing = (id: string) => new ParleyError('not_found', `No team ${id}.`)

/** Teams of operators (admin): their names, response targets and members; each change is audited. */
export const teamRoutes: FastifyPluginAsyncZod<TeamRoutesDeps> = async (app, { teams, audit, clock }) => {
  app.get(
    '/v1/teams',
    { schema: { summary: 'The teams, by name, with their members', tags: ['teams'], response: { 200: z.object({ data: z.array(teamSchema) }), 401: errorSchema } } },
    async () => ({ data: (await teams.list()).map(teamJson) }),
  )

  app.post(
    '/v1/teams',
    {
      schema: {
        summary: 'Adds a team',
        description: 'A taken name is `409 team_exists`. Audited (`team.created`).',
        tags: ['teams'],
        body: teamFieldsSchema,
        response: { 201: teamSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const b = request.body
      const created = await teams.create({ name: b.name, firstResponseSlaMinutes: b.first_response_sla_minutes ?? null, resolutionSlaMinutes: b.resolution_sla_minutes ?? null }, clock.now())
      if (created.kind === 'exists') throw exists(b.name)
      if (request.actor) await audit.record({ actor: request.actor, action: 'team.created', target: { kind: 'team', id: created.team.id }, details: { name: b.name } })
      reply.code(201)
      return teamJson(created.team)
    },
  )

  app.patch(
    '/v1/teams/:id',
    {
      schema: {
        summary: "Renames a team or changes its response targets (null: none of its own)",
        tags: ['teams'],
        params: idParams,
        body: teamFieldsSchema.partial(),
        response: { 200: teamSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const b = request.body
      const updated = await teams.update(request.params.id, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.first_response_sla_minutes !== undefined ? { firstResponseSlaMinutes: b.first_response_sla_minutes } : {}),
        ...(b.resolution_sla_minutes !== undefined ? { resolutionSlaMinutes: b.resolution_sla_minutes } : {}),
      })
      if (!updated) throw missing(request.params.id)
      if (updated.kind === 'exists') throw exists(b.name ?? '')
      if (request.actor) await audit.record({ actor: request.actor, action: 'team.updated', target: { kind: 'team', id: request.params.id }, details: b })
      return teamJson(updated.team)
    },
  )

  app.delete(
    '/v1/teams/:id',
    {
      schema: {
        summary: 'Deletes a team: its conversations become unrouted (every operator sees them)',
        tags: ['teams'],
        params: idParams,
        response: { 204: z.null(), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await teams.remove(request.params.id))) throw missing(request.params.id)
      if (request.actor) await audit.record({ actor: request.actor, action: 'team.deleted', target: { kind: 'team', id: request.params.id } })
      return reply.status(204).send(null)
    },
  )

  app.put(
    '/v1/teams/:id/members',
    {
      schema: {
        summary: "Replaces a team's members",
        description: 'Ids that are no operator are `400 validation_failed`, naming them in `details.unknown_operator_ids`.',
        tags: ['teams'],
        params: idParams,
        body: z.object({ operator_ids: z.array(z.string().min(1).max(100)).max(1000) }).strict(),
        response: { 200: teamSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const set = await teams.setMembers(request.params.id, request.body.operator_ids)
      if (!set) throw missing(request.params.id)
      if (set.kind === 'unknown_operators') throw new ParleyError('validation_failed', `No operator ${set.ids.join(', ')}.`, { unknown_operator_ids: set.ids })
      if (request.actor) await audit.record({ actor: request.actor, action: 'team.members_set', target: { kind: 'team', id: request.params.id }, details: { operator_ids: set.team.memberIds } })
      return teamJson(set.team)
    },
  )
}
