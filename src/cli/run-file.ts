import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccountConfig, SenderConfig } from '../accounts-config.js'
import type { ParleyConfig } from '../config.js'

/**
 * `<dataDir>/run.json`: where a running `parley start` listens, so that the other commands
 * (`sandbox reply`, `templates …`) find it without the ports being exported again. Written once
 * the servers listen, removed on a clean stop; one left by a process that is gone is ignored.
 */
export interface RunInfo {
  pid: number
  /** The API's base address, e.g. `http://127.0.0.1:3000`. */
  api: string
  /** The sandbox's base address, when this Parley runs one. */
  sandbox: string | null
  /**
   * Its accounts and senders when all are the sandbox's (no secrets in them), so that a command run
   * without the start's PARLEY_SANDBOX_PROVIDER still talks to the provider the sandbox plays.
   */
  sandboxAxis?: { accounts: AccountConfig[]; senders: SenderConfig[] }
}

/** Where the run file of a data folder lives. */
export function runFilePath(dataDir: string): string {
  return join(dataDir, 'run.json')
}

/** Records this process as the running Parley of its data folder. */
export function writeRunFile(dataDir: string, info: RunInfo): void {
  mkdirSync(dataDir, { recursive: true })
  // Written aside, then renamed: a reader never sees half a file.
  const partial = `${runFilePath(dataDir)}.${info.pid}.tmp`
  writeFileSync(partial, `${JSON.stringify(info, null, 2)}\n`)
  renameSync(partial, runFilePath(dataDir))
}

/** Removes the run file if it is this process's (a later start may have written its own). */
export function removeRunFile(dataDir: string, pid: number): void {
  if (readRunFile(dataDir)?.pid === pid) rmSync(runFilePath(dataDir), { force: true })
}

/** The running Parley of a data folder, or null: no file, an unreadable one, or its process is gone. */
export function readRunFile(dataDir: string): RunInfo | null {
  let info: Partial<RunInfo>
  try {
    info = JSON.parse(readFileSync(runFilePath(dataDir), 'utf8')) as Partial<RunInfo>
  } catch {
    return null
  }
  if (typeof info.pid !== 'number' || typeof info.api !== 'string' || !isAlive(info.pid)) return null
  return {
    pid: info.pid,
    api: info.api,
    sandbox: typeof info.sandbox === 'string' ? info.sandbox : null,
    ...(info.sandboxAxis && Array.isArray(info.sandboxAxis.accounts) && Array.isArray(info.sandboxAxis.senders) ? { sandboxAxis: info.sandboxAxis } : {}),
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** What `parley start` records of its provider axis: all of it when every account is the sandbox's, else nothing. */
export function sandboxAxisOf(config: ParleyConfig): RunInfo['sandboxAxis'] {
  return config.accounts.every((a) => a.sandbox) ? { accounts: config.accounts, senders: config.senders } : undefined
}

/**
 * The configuration a client command uses: the sandbox of the running Parley (from its run file)
 * unless PARLEY_SANDBOX_HOST or PARLEY_SANDBOX_PORT say where to look, and, when the command's own
 * environment names no provider axis, the running Parley's sandbox accounts and senders.
 */
export function withRunningSandbox(config: ParleyConfig, env: Readonly<Record<string, string | undefined>>): ParleyConfig {
  if (env.PARLEY_SANDBOX_HOST || env.PARLEY_SANDBOX_PORT) return config
  const running = readRunFile(config.dataDir)
  if (!running?.sandbox) return config
  const url = new URL(running.sandbox)
  const sandbox = { ...config.sandbox, host: url.hostname, port: Number(url.port) }
  const ownAxis = Boolean(env.PARLEY_CONFIG_FILE || env.PARLEY_SANDBOX_PROVIDER || (env.PARLEY_PROVIDER && env.PARLEY_PROVIDER !== 'sandbox'))
  const axis = !ownAxis && running.sandboxAxis ? running.sandboxAxis : { accounts: config.accounts, senders: config.senders }
  return { ...config, ...axis, sandbox: { ...sandbox, url: running.sandbox } }
}
