import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { newApiKeySchema, SCOPES, type ApiKey } from '../core/keys/model.js'
import { toIso } from '../core/shared/time.js'
import { keyView } from '../core/keys/key-view.js'
import { systemClock } from '../runtime/clock.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

const collect = (value: string, all: string[]) => [...all, value]

function rateOf(key: ApiKey): string {
  return key.rateLimit ? `${key.rateLimit.perSecond}/s burst ${key.rateLimit.burst}` : 'default'
}

/** Registers `parley keys …`: the same store as /v1/keys, without HTTP in between. */
export function registerKeyCommands(program: Command, config: () => ParleyConfig): void {
  const keys = program.command('keys').description('manage API keys: create (shown once), list, revoke')

  keys
    .command('create')
    .description('create an API key and print it (only a salted hash of it is stored)')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scope <scope>', `repeatable: ${SCOPES.join(', ')} (admin implies all)`, collect, [] as string[])
    .option('--rate <per-second>', "this key's own request rate (default: PARLEY_API_KEY_RATE_PER_SECOND)")
    .option('--burst <n>', "this key's own burst (default: PARLEY_API_KEY_BURST); needs --rate")
    .option('--json', 'print JSON, as POST /v1/keys answers')
    .action(async (o: { name: string; scope: string[]; rate?: string; burst?: string; json?: boolean }) => {
      const configured = config()
      if ((o.rate === undefined) !== (o.burst === undefined)) throw new CliError('parley keys create: give --rate and --burst together', 2)
      const parsed = newApiKeySchema.safeParse({
        name: o.name,
        scopes: o.scope,
        ...(o.rate !== undefined ? { rate_limit: { per_second: Number(o.rate), burst: Number(o.burst) } } : {}),
      })
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.').replace(/^scopes.*/, '--scope').replace(/^rate_limit\.per_second/, '--rate').replace(/^rate_limit\.burst/, '--burst')}: ${i.message}`)
        throw new CliError(`parley keys create: ${problems.join('; ')}`, 2)
      }
      const { name, scopes, rate_limit: limit } = parsed.data
      const created = await withParley(configured, (parley) =>
        parley.apiKeys.create({ name, scopes, source: 'created', rateLimit: limit ? { perSecond: limit.per_second, burst: limit.burst } : null }, systemClock.now()),
      )
      if (o.json) return out(JSON.stringify({ ...keyView(created.key), secret: created.secret }))
      out(`id      ${created.key.id}`)
      out(`name    ${name}`)
      out(`scopes  ${scopes.join(', ')}`)
      out(`rate    ${rateOf(created.key)}`)
      out(`key     ${created.secret}`)
      out('        (shown once: only a salted hash of it is stored)')
    })

  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--all', 'also the revoked keys')
    .option('--json', 'print JSON')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      const listed = await withParley(config(), (parley) => parley.apiKeys.list({ includeRevoked: o.all === true }))
      if (o.json) return out(JSON.stringify(listed.map(keyView)))
      for (const key of listed) {
        const state = key.revokedAt === null ? 'active' : `revoked ${toIso(key.revokedAt)}`
        out([key.id, key.name, key.scopes.join(','), key.source, rateOf(key), toIso(key.createdAt), state].join('\t'))
      }
    })

  keys
    .command('revoke')
    .description('revoke an API key: requests with it are refused from now on')
    .argument('<id>', 'the key id (key_…), as `keys list` shows it')
    .action(async (id: string) => {
      const revoked = await withParley(config(), (parley) => parley.apiKeys.revoke(id, systemClock.now()))
      if (!revoked) throw new CliError(`parley keys revoke: not_found: no active key ${id}`, 1)
      out(`revoked ${id}`)
    })
}
