import { Command, Option } from 'commander'
import { loadConfig, type ParleyConfig } from '../config.js'
import { VERSION } from '../main.js'
import { migrateToLatest } from '../store/migrate.js'
import { openDatabase } from '../store/open-database.js'
import { sandboxReplyCommand } from './sandbox-reply.js'
import { sandboxResetCommand } from './sandbox-reset.js'
import { sandboxServeCommand } from './sandbox-serve.js'
import { sendCommand } from './send.js'
import { explainFailure } from './explain-failure.js'
import { exitQuietlyOnClosedPipe } from './closed-pipe.js'
import { withRunningSandbox } from './run-file.js'
import { startCommand } from './start.js'
import { registerTemplateCommands } from './templates.js'
import { registerKeyCommands } from './keys.js'
import { registerOperatorCommands } from './operators.js'
import { registerTeamCommands } from './teams.js'
import { registerCostCommands } from './cost.js'
import { registerProviderCommands } from './providers.js'
import { workerCommand } from './worker.js'

const program = new Command()
  .name('parley')
  .description('Self-hostable WhatsApp Business messaging: official APIs, a local sandbox, a durable outbox.')
  .version(VERSION)
  .addOption(new Option('--data <dir>', 'data folder for the embedded SQLite database').env('PARLEY_DATA_DIR'))

exitQuietlyOnClosedPipe()

/** The configuration last loaded, so that a failure can be explained in its terms. */
let loaded: ParleyConfig | null = null

function config(): ParleyConfig {
  const data = program.opts<{ data?: string }>().data
  loaded = loadConfig(process.env, data ? { dataDir: data } : {})
  return loaded
}

/** For commands that talk to a running `parley start`: its sandbox, found through its run file. */
function clientConfig(): ParleyConfig {
  loaded = withRunningSandbox(config(), process.env)
  return loaded
}

program
  .command('start')
  .description('run the API, webhooks and dispatcher (with the sandbox as provider unless PARLEY_PROVIDER=meta); dispatch and webhook processing in a second process on a machine with two cores (PARLEY_PROCESSES)')
  .action(async () => startCommand(config(), process.argv[1]!))

program
  .command('worker')
  .description('run only the dispatcher (several may share one PostgreSQL database)')
  .action(async () => workerCommand(config()))

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const database = await openDatabase(config())
    try {
      const applied = await migrateToLatest(database)
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n')
    } finally {
      await database.close()
    }
  })

program
  .command('send')
  .description('queue a message (the same use case as POST /v1/messages)')
  .argument('<to>', 'recipient phone in international format, e.g. +4915112345678')
  .option('--text <text>', 'free-form text')
  .option('--template <name>', 'template name')
  .option('--language <code>', "template language (default: the contact's, then the fallbacks)")
  .option('--param <value>', 'template body parameter, repeatable: name=value for {{name}} templates, else positional for {{1}}, {{2}}… (not mixed)', (value: string, all: string[]) => [...all, value], [] as string[])
  .action(async (to: string, options) => {
    process.exitCode = await sendCommand(clientConfig(), to, options)
  })

registerTemplateCommands(program, clientConfig)
registerKeyCommands(program, config)
registerOperatorCommands(program, config)
registerTeamCommands(program, config)
registerCostCommands(program, config)
registerProviderCommands(program, clientConfig)

const sandbox = program.command('sandbox').description('talk to the local provider sandbox')
sandbox
  .command('reply')
  .description('make a simulated WhatsApp user write to the business (opens their 24-hour window)')
  .argument('<phone>', 'the user, e.g. +4915112345678')
  .argument('<text>', 'what they write')
  .option('--sandbox-url <url>', "sandbox base URL (default: PARLEY_SANDBOX_HOST/PORT if set, else the running `parley start`'s)")
  .option('--to <sender>', 'the sender written to (an id from parley.yaml; default: the first sender); an SMS sender gets an SMS')
  .action(async (phone: string, text: string, options: { sandboxUrl?: string; to?: string }) => {
    process.exitCode = await sandboxReplyCommand(clientConfig(), phone, text, options)
  })

sandbox
  .command('serve')
  .description('run only the sandbox (PARLEY_SANDBOX_HOST/PORT), posting webhooks to a Parley elsewhere')
  .option('--webhook-url <url>', "Parley's webhook endpoint", 'http://127.0.0.1:3000/webhooks/meta')
  .option('--number <id[:mps]>', 'a phone number id to emulate (repeatable); default: the configured senders', (value: string, all: string[]) => [...all, value], [] as string[])
  .option('--mps <n>', 'messages per second each number accepts before answering 130429', (value: string) => Number(value), 80)
  .option('--ephemeral', 'keep the state in memory only, not in the data folder')
  .action(async (options: { webhookUrl: string; number: string[]; mps: number; ephemeral?: boolean }) => sandboxServeCommand(config(), options))

sandbox
  .command('reset')
  .description("start the sandbox afresh: delete its state in the data folder and reset the running one (users, windows, messages, own templates)")
  .option('--sandbox-url <url>', 'sandbox base URL (default from PARLEY_SANDBOX_HOST/PORT)')
  .action(async (options: { sandboxUrl?: string }) => {
    process.exitCode = await sandboxResetCommand(config(), options.sandboxUrl)
  })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  const explained = explainFailure(error, loaded)
  if (!explained) throw error
  process.stderr.write(`parley: ${explained.message}\n`)
  process.exit(explained.exitCode)
}
