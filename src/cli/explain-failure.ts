import { ConfigError, type ParleyConfig } from '../config.js'
import { RulesFileError } from '../runtime/rules-source.js'
import { SandboxStateError } from '../sandbox/index.js'

/** A failure a command reports itself, in one line, with the exit code to end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** What the CLI prints for a failure it understands: one line that says what to fix. */
export interface Explained {
  message: string
  exitCode: number
}

// sysexits(3): EX_CONFIG, for what only the configuration can fix.
const EX_CONFIG = 78

interface SystemError {
  code?: string
  syscall?: string
  address?: string
  port?: number
  hostname?: string
}

/**
 * Turns the failures a user can fix (bad configuration, a busy port, an unreachable database) into
 * one line naming the variable to change; anything else is a bug and returns null (the caller
 * lets its stack trace show). Credentials in PARLEY_DATABASE_URL are never part of the message.
 */
export function explainFailure(error: unknown, config: ParleyConfig | null): Explained | null {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode }
  if (error instanceof ConfigError) return { message: error.message, exitCode: EX_CONFIG }
  if (error instanceof SandboxStateError) return { message: error.message, exitCode: 1 }
  if (error instanceof RulesFileError) return { message: `PARLEY_RULES_FILE: ${error.file}: ${error.problem}`, exitCode: EX_CONFIG }
  if (config === null || typeof error !== 'object' || error === null) return null
  return portInUse(error as SystemError, config) ?? databaseFailure(error as SystemError & { message?: string }, config)
}

function portInUse(error: SystemError, config: ParleyConfig): Explained | null {
  if (error.syscall !== 'listen' || (error.code !== 'EADDRINUSE' && error.code !== 'EACCES')) return null
  const variables = [
    ...(error.port === config.http.port ? ['PARLEY_PORT'] : []),
    ...(error.port === config.sandbox.port ? ['PARLEY_SANDBOX_PORT'] : []),
  ]
  const named = variables.length > 0 ? variables.join(' and ') : 'the configured port'
  const what = error.code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user'
  const hint = variables.length > 1 ? 'give the two different ports' : `stop what holds it or set ${named} to a free port`
  return { message: `${named}: port ${error.port} on ${error.address ?? 'this host'} ${what}; ${hint}`, exitCode: 1 }
}

// PostgreSQL error classes that mean "no usable connection": 08 connection, 28 authorisation, 3D no such database.
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])

function databaseFailure(error: SystemError & { message?: string }, config: ParleyConfig): Explained | null {
  if (!config.databaseUrl) return null
  const url = safeUrl(config.databaseUrl)
  const where = `PostgreSQL at ${url.host}`
  const code = error.code ?? ''
  const ours = error.port === url.port || error.hostname === url.hostname
  if (CONNECT_FAILURES.has(code) && ours) {
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'no such host' : code
    return { message: `PARLEY_DATABASE_URL: cannot connect to ${where} (${why}); is PostgreSQL running there?`, exitCode: 1 }
  }
  if (code === '3D000') {
    return { message: `PARLEY_DATABASE_URL: ${where} has no database "${url.database}"; create it (createdb ${url.database}) or name another`, exitCode: 1 }
  }
  if (code.startsWith('28')) return { message: `PARLEY_DATABASE_URL: ${where} refused the user or password it names`, exitCode: 1 }
  if (code.startsWith('08') || code === '57P03') return { message: `PARLEY_DATABASE_URL: ${where} did not accept the connection (${code})`, exitCode: 1 }
  return null
}

/** The parts of the URL that may be shown: never the user name or the password. */
function safeUrl(databaseUrl: string): { host: string; hostname: string; port: number; database: string } {
  try {
    const url = new URL(databaseUrl)
    const port = url.port ? Number(url.port) : 5432
    return { host: `${url.hostname}:${port}`, hostname: url.hostname, port, database: decodeURIComponent(url.pathname.slice(1)) || '(default)' }
  } catch {
    return { host: '(the configured host)', hostname: '', port: 5432, database: '(the configured database)' }
  }
}
