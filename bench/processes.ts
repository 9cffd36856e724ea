import { spawn, type ChildProcess } from 'node:child_process'
import { onCleanup } from './cleanup.js'

/**
 * Child processes of the benchmark. Parley, the bare baseline server and the sandbox each get a
 * process (and so an event loop and a heap) of their own, as they would in production: the load
 * generator's JSON work never lands on the event loop being measured, and each one's peak RSS is
 * its own.
 */

export interface Child {
  readonly process: ChildProcess
  /** The last few kB of stderr, for error messages. */
  stderrTail(): string
  /** Waits for a stdout line matching `pattern`; returns the match. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Sends an IPC request `{ type, ...payload }` and waits for the answer carrying the same `rpc` id. */
  call<T>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export interface SpawnOptions {
  env: Record<string, string | undefined>
  /** Flags for node itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[]
  ipc?: boolean
}

/** The environment a child starts from: only what node needs, so the caller's PARLEY_* cannot leak in. */
export function baseEnv(): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NODE_OPTIONS: undefined }
}

let rpcCounter = 0

export function spawnNode(what: string, args: string[], options: SpawnOptions): Child {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    env: options.env as NodeJS.ProcessEnv,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let stdoutBuffer = ''
  const lineWaiters = new Set<(line: string) => void>()
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-8000)
  })
  child.stdout!.on('data', (chunk) => {
    stdoutBuffer += String(chunk)
    let newline: number
    while ((newline = stdoutBuffer.indexOf('\n')) !== -1) {
      const line = stdoutBuffer.slice(0, newline)
      stdoutBuffer = stdoutBuffer.slice(newline + 1)
      for (const waiter of [...lineWaiters]) waiter(line)
    }
  })
  let exited = child.exitCode !== null
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())))
  const died = () => new Error(`${what} exited (code ${child.exitCode}, signal ${child.signalCode}): ${stderr.trim().slice(-2000)}`)

  const stop = async (graceMs = 5000) => {
    if (exited) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exit
    clearTimeout(timer)
  }
  const undo = onCleanup(what, () => stop())

  return {
    process: child,
    stderrTail: () => stderr,
    line(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const done = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer)
          lineWaiters.delete(onLine)
          child.off('exit', onExit)
          if (error) reject(error)
          else resolve(match!)
        }
        const onLine = (line: string) => {
          const match = pattern.exec(line)
          if (match) done(null, match)
        }
        const onExit = () => done(died())
        const timer = setTimeout(() => done(new Error(`${what}: no line matching ${pattern} within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs)
        lineWaiters.add(onLine)
        child.once('exit', onExit)
        if (exited) onExit()
      })
    },
    call<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 120_000) {
      const rpc = ++rpcCounter
      return new Promise<T>((resolve, reject) => {
        const done = (error: Error | null, value?: T) => {
          clearTimeout(timer)
          child.off('message', onMessage)
          child.off('exit', onExit)
          if (error) reject(error)
          else resolve(value as T)
        }
        const onMessage = (message: { rpc?: number; error?: string }) => {
          if (message?.rpc !== rpc) return
          if (message.error) done(new Error(`${what} failed on ${type}: ${message.error}`))
          else done(null, message as T)
        }
        const onExit = () => done(died())
        const timer = setTimeout(() => done(new Error(`${what}: no answer to ${type} within ${timeoutMs} ms`)), timeoutMs)
        child.on('message', onMessage)
        child.once('exit', onExit)
        if (exited) onExit()
        else child.send({ rpc, type, ...payload })
      })
    },
    stop: () => undo(),
  }
}

/**
 * The child side of `call`: answers each request with the handler's result (or its error),
 * echoing the request's `rpc` id.
 */
export function serveRpc(handlers: Record<string, (message: Record<string, unknown>) => Promise<object> | object>): void {
  process.on('message', (message: { rpc: number; type: string } & Record<string, unknown>) => {
    const handler = handlers[message.type]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request ${message.type}`)
        return handler(message)
      })
      .then(
        (value) => process.send!({ ...value, rpc: message.rpc }),
        (error: unknown) => process.send!({ rpc: message.rpc, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      )
  })
}
