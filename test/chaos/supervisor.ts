import { startParley, type RunningParley } from '../support/cli.js'

/** A process that ended without the chaos killing it: a crash, with the start of what it wrote to stderr (the error). */
export interface UnexpectedExit {
  process: string
  code: number | null
  signal: string | null
  stderr: string
}

/** `killed`: down because the chaos killed it; `crashed`: down on its own (after being up). */
type State = 'new' | 'starting' | 'up' | 'killed' | 'crashed'

/** A `parley` command the chaos kills -9 and starts again, which notices when it dies on its own. */
export interface Supervised {
  readonly name: string
  up(): boolean
  /** Starts it (once, however often called meanwhile); rejects if it exits before it is ready. */
  start(): Promise<void>
  /** kill -9 (after a start under way has finished), and wait until it is gone. */
  kill9(): Promise<void>
  /** SIGTERM (if running) and wait. */
  stop(): Promise<void>
}

/** The supervised processes, with one list of unexpected exits. */
export class Supervisor {
  readonly unexpectedExits: UnexpectedExit[] = []
  readonly #all: Array<Supervised & { state(): State }> = []

  /** A supervised `parley …args`, ready when its stdout contains `ready`. Not started yet. */
  add(name: string, args: string[], env: Record<string, string>, ready: string): Supervised {
    let state: State = 'new'
    let running: RunningParley | null = null
    let exited: Promise<void> = Promise.resolve()
    let starting: Promise<void> | null = null
    const spawn = async () => {
      const before = state
      state = 'starting'
      let started: RunningParley
      try {
        // Generous: `parley` on a loaded 2-core machine can take many seconds to start.
        started = await startParley(args, env, ready, 90_000)
      } catch (error) {
        state = before
        throw error
      }
      running = started
      state = 'up'
      let stderr = ''
      started.child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(0, 1500)))
      exited = new Promise((resolve) =>
        started.child.once('exit', (code, signal) => {
          running = null
          if (state === 'up') {
            state = 'crashed'
            this.unexpectedExits.push({ process: name, code, signal, stderr })
          }
          resolve()
        }),
      )
    }
    const supervised = {
      name,
      state: () => state,
      up: () => state === 'up',
      start: () => {
        if (state === 'up') return Promise.resolve()
        starting ??= spawn().finally(() => (starting = null))
        return starting
      },
      kill9: async () => {
        await starting?.catch(() => undefined)
        if (!running) return
        state = 'killed'
        running.child.kill('SIGKILL')
        await exited
      },
      stop: async () => {
        await starting?.catch(() => undefined)
        if (!running) return
        state = 'killed'
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

  /** Starts what has never run and what died on its own (not what the chaos killed), in order. */
  async heal(): Promise<void> {
    for (const p of this.#all) if (p.state() === 'new' || p.state() === 'crashed') await p.start()
  }

  /** Whether every process is up. */
  allUp(): boolean {
    return this.#all.every((p) => p.up())
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#all.map((p) => p.stop().catch(() => undefined)))
  }
}
