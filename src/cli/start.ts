import { usesSandbox, type ParleyConfig } from '../config.js'
import { createParley, VERSION } from '../main.js'
import { systemClock } from '../runtime/clock.js'
import { createLogger } from '../runtime/logger.js'
import { startSandbox, type Sandbox } from '../sandbox/index.js'
import { ensureAdminKey } from './api-key.js'
import { ensureFirstOperator } from './first-operator.js'
import { exitOnSignal } from './exit-on-signal.js'
import { removeRunFile, sandboxAxisOf, writeRunFile } from './run-file.js'
import { sandboxOptionsFor, sandboxStateFile } from './sandbox-options.js'
import { attachWorkerProcess, forkWorkerProcess, servingRoles, type WorkerProcess } from './worker-process.js'

/**
 * `parley start`: API, webhooks, dispatcher and (by default) the sandbox — the dispatcher and the
 * application of webhooks in a worker process of its own when `config.processes` is 2 (`entry` is
 * the script it runs).
 */
export async function startCommand(configured: ParleyConfig, entry: string): Promise<void> {
  const logger = createLogger(configured.logLevel)
  // The sandbox starts first so that Parley is pointed at the port it really got (PARLEY_SANDBOX_PORT=0
  // picks a free one); it holds its webhooks until Parley listens. It continues from the data
  // folder's state file, so templates approved and windows opened before a restart still are.
  const stateFile = sandboxStateFile(configured)
  const sandbox: Sandbox | null = usesSandbox(configured) ? await startSandbox(sandboxOptionsFor(configured, { webhookUrl: null, stateFile })) : null
  const config: ParleyConfig = sandbox ? { ...configured, sandbox: { ...configured.sandbox, url: sandbox.url } } : configured
  const split = config.processes === 2
  let worker: WorkerProcess | null = null
  const parley = await createParley(config, { ...servingRoles(split, () => worker), logger })
  const { created, revokedPrevious } = await ensureAdminKey(config, parley.apiKeys, systemClock.now())
  if (revokedPrevious) logger.warn('PARLEY_API_KEY changed: the key it named before is revoked')
  const firstOperator = await ensureFirstOperator(parley.operators, systemClock.now())
  await parley.syncTemplates()

  const address = await parley.app!.listen({ host: config.http.host, port: config.http.port })
  // The worker starts once the API listens: some providers are told, with each send, where to post
  // its statuses (Twilio's StatusCallback), so it must know the address the API really got.
  if (split) {
    worker = forkWorkerProcess({ entry, args: ['worker'], env: workerEnv(config, address), logger, onFeedChange: () => parley.feedChangedElsewhere() })
    await attachWorkerProcess(parley, worker)
  }
  // Each provider the sandbox stands in for posts its callbacks, in its own format, to its account's URL.
  for (const account of config.accounts) if (sandbox && account.sandbox) sandbox.setCallbackUrl(account.provider, parley.accounts.webhookUrl(account.id))
  const sandboxAxis = sandboxAxisOf(config)
  writeRunFile(config.dataDir, { pid: process.pid, api: address, sandbox: sandbox?.url ?? null, ...(sandboxAxis ? { sandboxAxis } : {}) })
  const base = config.http.publicUrl ?? address

  const key = created ?? config.adminApiKey
  const shownKey = created ?? (config.adminApiKey ? '$PARLEY_API_KEY' : '<your API key>')
  const lines = [
    '',
    `Parley ${VERSION} is running — ${config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.dataDir}/parley.db`}, senders: ${describeSenders(config)}${split ? ', dispatch and webhook processing in a second process' : ''}`,
    '',
    `  Inbox       ${base}/   (the operator web app)`,
    ...(firstOperator
      ? [
          `              sign in as ${firstOperator.email} with the password ${firstOperator.password}`,
          '              (shown once; add your team with: npm run parley -- operators add <email> --role operator)',
        ]
      : []),
    `  API         ${base}/v1`,
    `  Docs        ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
    `  Metrics     ${base}/metrics`,
    ...config.accounts.map((a, i) => `  ${i === 0 ? 'Webhooks' : '        '}    ${parley.accounts.webhookUrl(a.id)?.replace(address, base)}   (${a.provider}${a.sandbox ? ', sandbox' : ''})`),
    ...(sandbox
      ? [
          `  Sandbox     ${sandbox.url}   (a simulated user writes: npm run parley -- sandbox reply +4915112345678 "Hi")`,
          `              state kept in ${stateFile}   (start it afresh: npm run parley -- sandbox reset)`,
        ]
      : []),
    created
      ? `  Admin key   ${created}\n              (shown once: only a salted hash of it is stored; set PARLEY_API_KEY to choose your own)`
      : key
        ? '  Admin key   from PARLEY_API_KEY'
        : '  Admin key   created at first start and shown then (only a salted hash of it is stored); set PARLEY_API_KEY to use a key of your own',
    '',
    'Send a first message (a template, so it needs no open 24-hour window):',
    `  curl -s ${base}/v1/messages -H "Authorization: Bearer ${shownKey}" -H "Content-Type: application/json" \\`,
    `    -d '{"to":"+4915112345678","template":{"name":"hello_world","language":"en_US"}}'`,
    'then follow it to "read":',
    `  curl -s ${base}/v1/messages/<id> -H "Authorization: Bearer ${shownKey}"`,
    '',
  ]
  process.stdout.write(lines.join('\n') + '\n')

  exitOnSignal(logger, config.shutdownTimeoutMs, async () => {
    // The sandbox stays up until the worker's last sends in flight have their answers.
    await Promise.all([parley.close(), worker?.stop()])
    await sandbox?.close()
    removeRunFile(config.dataDir, process.pid)
  })
}

/**
 * The worker process's environment: this one's, with what was decided only at start — the data
 * folder (it may have come from `--data`), the API's and the sandbox's real addresses (port 0 picks one).
 */
function workerEnv(config: ParleyConfig, address: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PARLEY_DATA_DIR: config.dataDir, PARLEY_PUBLIC_URL: config.http.publicUrl ?? address }
  if (config.sandbox.url) {
    const url = new URL(config.sandbox.url)
    Object.assign(env, { PARLEY_SANDBOX_HOST: url.hostname, PARLEY_SANDBOX_PORT: url.port })
  }
  return env
}

/** `default (whatsapp +15550001236 on gupshup, sandbox)`, for the start banner. */
function describeSenders(config: ParleyConfig): string {
  return config.senders
    .map((s) => {
      const account = config.accounts.find((a) => a.id === s.account)
      return `${s.id} (${s.channel}${s.number ? ` ${s.number}` : ''} on ${account?.provider ?? s.account}${account?.sandbox ? ', sandbox' : ''})`
    })
    .join(', ')
}
