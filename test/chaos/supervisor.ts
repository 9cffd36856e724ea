import { startParley, type RunningParley } from '../support/cli.js'

/** A process that ended without the chaos killing it: a crash, with the end of what it wrote to stderr. */
export interface UnexpectedExit {
  process: string
  code: number | null
  signal: string | null
  stderr: string
}

/** A `parley` command the chaos kills -9 and starts again, which notices when it dies on its own. */
export interface Supervised {
  readonly name: string
  /** Whether it is running (started and not exited). */
  up(): boolean
  start(): Promise<void>
  /** kill -9, and wait until it is gone. */
  kill9(): Promise<void>
  /** SIGTERM (if still running) and wait. */
  stop(): Promise<void>
}

/** What the supervised processes have in common: one list of unexpected exits. */
export class Supervisor {
  readonly unexpectedExits: UnexpectedExit[] = []
  readonly #all: Supervised[] = []

  /** A supervised `parley …args`, ready when its stdout contains `ready`. Not started yet. */
  add(name: string, args: string[], env: Record<string, string>, ready: string): Supervised {
    let running: RunningParley | null = null
    let exited: Promise<void> = Promise.resolve()
    let killing = false
    const supervised: Supervised = {
      name,
      up: () => running !== null,
      start: async () => {
        // Generous: `parley` on a loaded 2-core machine can take many seconds to start.
        const started = await startParley(args, env, ready, 90_000)
        running = started
        killing = false
        let stderr = ''
        started.child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-2000)))
        exited = new Promise((resolve) =>
          started.child.once('exit', (code, signal) => {
            running = null
            if (!killing) this.unexpectedExits.push({ process: name, code, signal, stderr })
            resolve()
          }),
        )
      },
      kill9: async () => {
        if (!running) return
        killing = true
        running.child.kill('SIGKILL')
        await exited
      },
      stop: async () => {
        if (!running) return
        killing = true
        await running.stop()
        await exited
      },
    }
    this.#all.push(supervised)
    return supervised
  }

  /** The process added as `name`. */
  get(name: string): Supervised {
    const found = this.#all.find((p) => p.name === name)
    if (!found) throw new Error(`no supervised process ${name}`)
    return found
  }

  /** Starts again every process that died on its own (it was recorded as an unexpected exit). */
  async heal(): Promise<void> {
    for (const p of this.#all) if (!p.up()) await p.start()
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#all.map((p) => p.stop().catch(() => undefined)))
  }
}
