import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './cli.js'

const run = promisify(execFile)

/**
 * A PostgreSQL server of the test's own, in a temp folder, for tests that must stop and start the
 * server: the machine's shared one (127.0.0.1:5432) serves other test files at the same time. It
 * runs Debian's binaries as the `postgres` OS user (initdb and postgres refuse to run as root),
 * with fsync off: a crash test kills processes, not the machine, so durability against power
 * loss only costs time here (a commit in the kernel's buffers survives the server's crash).
 */
export interface PrivatePostgres {
  /** A connection URL for the `postgres` database (trust auth). */
  url: string
  /** Stops the server as a crash would (`pg_ctl -m immediate`): connections are cut, no checkpoint. */
  crash(): Promise<void>
  /** Starts it again on the same port and folder; resolves once it accepts connections. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
}

/** Why a private PostgreSQL cannot be made on this machine, or null if it can. */
export function privatePostgresMissing(): string | null {
  if (process.platform !== 'linux') return 'needs Linux (Debian PostgreSQL binaries)'
  if (binDir() === null) return 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin (initdb, pg_ctl)'
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'no runuser to run PostgreSQL as the postgres user'
  if (postgresUser() === null) return 'no `postgres` OS user to run PostgreSQL as'
  return null
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1)
  return newest ? join(root, newest, 'bin') : null
}

function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) return null
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** Initialises and starts a private server; throws with the reason if this machine cannot. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const missing = privatePostgresMissing()
  if (missing) throw new Error(`private PostgreSQL: ${missing}`)
  const bin = binDir()!
  const user = postgresUser()!
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'))
  chownSync(dir, user.uid, user.gid)
  const data = join(dir, 'data')
  const asPostgres = (tool: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`${tool} ${args.join(' ')} failed: ${error.stderr || error.message}`)
    })
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'])
  const port = await freePort()
  // Not synchronous_commit=off: a commit acknowledged before its WAL reaches the kernel is lost
  // when the server is stopped as a crash, and the test would blame Parley for it.
  const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c full_page_writes=off', '-c max_connections=200']
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start'])
  }
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: stop,
    start,
    async destroy() {
      await stop().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
