import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { isParleyError } from '../core/errors.js'
import { addOperator } from '../core/operators/add-operator.js'
import { normalEmail, operatorView, ROLES, type Operator } from '../core/operators/model.js'
import { toIso } from '../core/shared/time.js'
import { systemClock } from '../runtime/clock.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  // One trailing newline is what `echo` or a password manager's pipe adds; it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

const listed = (operator: Operator) => ({ ...operatorView(operator), created_at: toIso(operator.createdAt), disabled_at: operator.disabledAt === null ? null : toIso(operator.disabledAt) })

/** Registers `parley operators …`: the people who log in to the inbox, kept in the same store the API reads. */
export function registerOperatorCommands(program: Command, config: () => ParleyConfig): void {
  const operators = program.command('operators').description('manage the people who log in to the inbox: add, list, disable')

  operators
    .command('add')
    .description('add an operator; the password is read from stdin with --password-stdin, else generated and printed once')
    .argument('<email>', 'their e-mail address (what they log in with)')
    .requiredOption('--role <role>', `${ROLES.join(', ')}`)
    .option('--name <name>', 'how they are shown (default: the address)')
    .option('--password-stdin', `read the password from stdin (at least 12 characters)`)
    .option('--all-teams', "let them see every team's conversations, not only their teams'")
    .option('--json', 'print JSON')
    .action(async (email: string, o: { role: string; name?: string; passwordStdin?: boolean; allTeams?: boolean; json?: boolean }) => {
      const generated = o.passwordStdin ? null : randomBytes(18).toString('base64url')
      const password = generated ?? (await readStdin())
      const configured = config()
      const operator = await withParley(configured, (parley) =>
        addOperator(parley.operators, { email, role: o.role, password, ...(o.name !== undefined ? { name: o.name } : {}), ...(o.allTeams ? { sees_all_teams: true } : {}) }, systemClock.now()),
      ).catch((error: unknown) => {
        if (isParleyError(error)) throw new CliError(`parley operators add: ${error.code}: ${error.message}`, error.code === 'validation_failed' ? 2 : 1)
        throw error
      })
      if (o.json) return out(JSON.stringify({ ...listed(operator), ...(generated ? { password: generated } : {}) }))
      out(`id        ${operator.id}`)
      out(`email     ${operator.email}`)
      out(`role      ${operator.role}`)
      if (generated) {
        out(`password  ${generated}`)
        out('          (shown once: only a scrypt hash of it is stored)')
      }
    })

  operators
    .command('list')
    .description('list operators (never their passwords)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const all = await withParley(config(), (parley) => parley.operators.store.list())
      if (o.json) return out(JSON.stringify(all.map(listed)))
      for (const operator of all) {
        const state = operator.disabledAt === null ? 'active' : `disabled ${toIso(operator.disabledAt)}`
        out([operator.id, operator.email, operator.role, operator.name, toIso(operator.createdAt), state].join('\t'))
      }
    })

  operators
    .command('disable')
    .description('disable an operator: their sessions end now and they cannot log in again')
    .argument('<email>', 'their e-mail address')
    .action(async (email: string) => {
      const disabled = await withParley(config(), (parley) => parley.operators.store.disable(normalEmail(email), systemClock.now()))
      if (!disabled) throw new CliError(`parley operators disable: not_found: no active operator ${normalEmail(email)}`, 1)
      out(`disabled ${disabled.email}`)
    })
}
