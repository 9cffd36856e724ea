import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { SANDBOX_CREDENTIALS } from '../../src/config.js'

/** How a finished `parley` command ended: its exit code (null if a signal ended it) and its output. */
export interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * The environment without any PARLEY_ variable of the shell running the tests (a developer's
 * PARLEY_DATABASE_URL must not leak into a test), logging silenced, `parley start` in one process
 * (test/cli/worker-process.test.ts runs the two-process mode a two-core machine chooses), plus `extra`.
 */
export function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PARLEY_') && value !== undefined) env[key] = value
  return { ...env, PARLEY_LOG_LEVEL: 'silent', PARLEY_PROCESSES: '1', ...extra }
}

/** A `parley` pointed at a sandbox the test runs itself (outside the processes it starts), as the `meta` provider. */
export function metaSandboxEnv(sandboxUrl: string): Record<string, string> {
  return {
    PARLEY_PROVIDER: 'meta',
    PARLEY_META_BASE_URL: sandboxUrl,
    PARLEY_META_WABA_ID: SANDBOX_CREDENTIALS.wabaId,
    PARLEY_META_PHONE_NUMBER_ID: SANDBOX_CREDENTIALS.phoneNumberId,
    PARLEY_META_ACCESS_TOKEN: SANDBOX_CREDENTIALS.accessToken,
    PARLEY_META_APP_SECRET: SANDBOX_CREDENTIALS.appSecret,
    PARLEY_META_VERIFY_TOKEN: SANDBOX_CREDENTIALS.verifyToken,
  }
}

function spawnParley(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['bin/parley.js', ...args], { env: bareEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Runs `node bin/parley.js …args` to its end, in `bareEnv(env)`; never rejects, whatever the exit.
 * `onSpawn` may act on the child before it writes anything.
 */
export function runParley(args: string[], env: Record<string, string> = {}, onSpawn?: (child: ChildProcess) => void): Promise<Ran> {
  const child = spawnParley(args, env)
  onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += String(chunk)))
  child.stderr.on('data', (chunk) => (stderr += String(chunk)))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

/** Runs a command that must succeed: rejects, with its stderr, unless it exits 0. */
export async function parleyOk(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const ran = await runParley(args, env)
  if (ran.code !== 0) throw new Error(`parley ${args.join(' ')} exited ${ran.code}: ${ran.stderr}`)
  return ran
}

/** A long-running command (`start`, `sandbox serve`) that has written its `ready` line. */
export interface RunningParley {
  child: ChildProcess
  /** Everything it wrote to stdout so far. */
  stdout(): string
  /** Sends SIGTERM and waits until it has exited. */
  stop(): Promise<void>
}

/** What `parley start` writes last in its banner, once it listens. */
export const START_BANNER_END = 'then follow it'

/**
 * Starts a long-running command in `bareEnv(env)` and waits until its stdout contains `ready`;
 * fails at once, with its stderr, if it exits first, and after `timeoutMs` (generous: CI is slow).
 */
export async function startParley(args: string[], env: Record<string, string>, ready = START_BANNER_END, timeoutMs = 30_000): Promise<RunningParley> {
  const child = spawnParley(args, env)
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += String(chunk)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const running: RunningParley = {
    child,
    stdout: () => stdout,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`parley ${args.join(' ')}: no "${ready}" on stdout within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs)
      const settle = (done: () => void) => {
        clearTimeout(timer)
        done()
      }
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk)
        if (stdout.includes(ready)) settle(resolve)
      })
      void exited.then(() => settle(() => reject(new Error(`parley ${args.join(' ')} exited before "${ready}" (code ${child.exitCode}); stderr: ${stderr}`))))
    })
  } catch (error) {
    await running.stop()
    throw error
  }
  return running
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for a process that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
