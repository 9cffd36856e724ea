import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { normalEmail } from '../core/operators/model.js'
import { toIso } from '../core/shared/time.js'
import { teamFieldsSchema, type Team } from '../core/teams/model.js'
import { systemClock } from '../runtime/clock.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

const listed = (team: Team) => ({
  id: team.id,
  name: team.name,
  first_response_sla_minutes: team.firstResponseSlaMinutes,
  resolution_sla_minutes: team.resolutionSlaMinutes,
  member_ids: team.memberIds,
  created_at: toIso(team.createdAt),
})

const minutes = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n)) throw new CliError(`parley teams add: validation_failed: "${value}" is not a whole number of minutes`, 2)
  return n
}

/** Registers `parley teams …`: teams of operators, in the store the API reads (audited as the CLI). */
export function registerTeamCommands(program: Command, config: () => ParleyConfig): void {
  const teams = program.command('teams').description('manage teams of operators: add, list, set members')

  teams
    .command('add')
    .description('add a team')
    .argument('<name>', 'its name (unique)')
    .option('--sla-first-response <minutes>', 'minutes to the first answer the team promises', minutes)
    .option('--sla-resolution <minutes>', 'minutes to resolution the team promises', minutes)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { slaFirstResponse?: number; slaResolution?: number; json?: boolean }) => {
      const parsed = teamFieldsSchema.safeParse({ name, first_response_sla_minutes: o.slaFirstResponse ?? null, resolution_sla_minutes: o.slaResolution ?? null })
      if (!parsed.success) throw new CliError(`parley teams add: validation_failed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 2)
      const f = parsed.data
      const created = await withParley(config(), async (parley) => {
        const result = await parley.teams.create({ name: f.name, firstResponseSlaMinutes: f.first_response_sla_minutes ?? null, resolutionSlaMinutes: f.resolution_sla_minutes ?? null }, systemClock.now())
        if (result.kind === 'created') await parley.audit.record({ actor: { kind: 'key', id: 'cli' }, action: 'team.created', target: { kind: 'team', id: result.team.id }, details: { name: f.name } })
        return result
      })
      if (created.kind === 'exists') throw new CliError(`parley teams add: team_exists: a team named "${f.name}" exists already`, 1)
      if (o.json) return out(JSON.stringify(listed(created.team)))
      out(`${created.team.id}\t${created.team.name}`)
    })

  teams
    .command('list')
    .description('list teams with their targets and members')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const all = await withParley(config(), (parley) => parley.teams.list())
      if (o.json) return out(JSON.stringify(all.map(listed)))
      for (const team of all) {
        out([team.id, team.name, `first response ${team.firstResponseSlaMinutes ?? '-'} min`, `resolution ${team.resolutionSlaMinutes ?? '-'} min`, `${team.memberIds.length} members`].join('\t'))
      }
    })

  teams
    .command('members')
    .description("set a team's members (replaces them)")
    .argument('<team>', 'the team, by name or id')
    .argument('<email...>', "the members' e-mail addresses")
    .action(async (teamRef: string, emails: string[]) => {
      const result = await withParley(config(), async (parley) => {
        const team = (await parley.teams.list()).find((t) => t.id === teamRef || t.name === teamRef)
        if (!team) return { kind: 'no_team' as const }
        const byEmail = new Map((await parley.operators.store.list()).map((op) => [op.email, op.id]))
        const wanted = emails.map(normalEmail)
        const unknown = wanted.filter((email) => !byEmail.has(email))
        if (unknown.length > 0) return { kind: 'unknown' as const, unknown }
        const set = await parley.teams.setMembers(team.id, wanted.map((email) => byEmail.get(email)!))
        if (set?.kind !== 'set') return { kind: 'no_team' as const }
        await parley.audit.record({ actor: { kind: 'key', id: 'cli' }, action: 'team.members_set', target: { kind: 'team', id: team.id }, details: { operator_ids: set.team.memberIds } })
        return { kind: 'set' as const, team: set.team }
      })
      if (result.kind === 'no_team') throw new CliError(`parley teams members: not_found: no team ${teamRef}`, 1)
      if (result.kind === 'unknown') throw new CliError(`parley teams members: not_found: no operator ${result.unknown.join(', ')}`, 1)
      out(`${result.team.name}: ${result.team.memberIds.length} members`)
    })
}
