/**
 * Everything the benchmark starts (child processes, servers, temp files, PostgreSQL schemas)
 * registers how to undo it here, so that a failure, Ctrl-C or a crash half way through a phase
 * still leaves nothing behind. Undone in reverse order; each undo runs at most once.
 */

type Undo = () => Promise<void> | void

const stack: Array<{ what: string; undo: Undo }> = []

/** Registers an undo; the returned function runs it now (and removes it from the stack). */
export function onCleanup(what: string, undo: Undo): () => Promise<void> {
  const entry = { what, undo }
  stack.push(entry)
  return async () => {
    const index = stack.indexOf(entry)
    if (index === -1) return
    stack.splice(index, 1)
    await entry.undo()
  }
}

/** Runs every pending undo, newest first; a failing undo is reported and the others still run. */
export async function cleanupAll(): Promise<void> {
  while (stack.length > 0) {
    const entry = stack.pop()!
    try {
      await entry.undo()
    } catch (error) {
      process.stderr.write(`cleanup of ${entry.what} failed: ${String(error)}\n`)
    }
  }
}

let installed = false
let interrupted = false

/** True once a signal or a crash started the final cleanup: the run's results are not to be reported. */
export function wasInterrupted(): boolean {
  return interrupted
}

/** Cleans up on SIGINT/SIGTERM and on an uncaught error before the process ends. */
export function installCleanupHandlers(): void {
  if (installed) return
  installed = true
  const bail = (code: number) => {
    interrupted = true
    void cleanupAll().finally(() => process.exit(code))
  }
  process.once('SIGINT', () => bail(130))
  process.once('SIGTERM', () => bail(143))
  process.once('uncaughtException', (error) => {
    process.stderr.write(`uncaught: ${error.stack ?? String(error)}\n`)
    bail(1)
  })
  process.once('unhandledRejection', (error) => {
    process.stderr.write(`unhandled rejection: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    bail(1)
  })
}
