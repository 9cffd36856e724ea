import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
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
  return { pid: info.pid, api: info.api, sandbox: typeof info.sandbox === 'string' ? info.sandbox : null }
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

/**
 * The configuration a client command uses: the sandbox of the running Parley (from its run file)
 * unless PARLEY_SANDBOX_HOST or PARLEY_SANDBOX_PORT say where to look.
 */
export function withRunningSandbox(config: ParleyConfig, env: Readonly<Record<string, string | undefined>>): ParleyConfig {
  if (env.PARLEY_SANDBOX_HOST || env.PARLEY_SANDBOX_PORT) return config
  const running = readRunFile(config.dataDir)
  if (!running?.sandbox) return config
  const url = new URL(running.sandbox)
  const sandbox = { ...config.sandbox, host: url.hostname, port: Number(url.port) }
  return { ...config, sandbox: { ...sandbox, url: running.sandbox } }
}
