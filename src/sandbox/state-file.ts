import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseSavedState, type SavedState } from './state-schema.js'

/**
 * The file a sandbox keeps its state in across restarts (`SandboxOptions.stateFile`). Writes are
 * atomic (a temporary file renamed over the old one, so a crash leaves the old or the new state,
 * never half of one) and batched: a change arms one timer, and everything changed until it fires
 * goes out in one write, so a thousand sends a second cost one write a `flushEveryMs`. A crash
 * loses at most that interval, and the webhooks in flight, which only `close()` writes (the
 * complete state).
 *
 * A file that exists but cannot be read as a state is refused, never replaced: starting afresh
 * would silently throw away approved templates and open windows that Parley's database still
 * believes in, so the operator decides (move the file away, or `parley sandbox reset`).
 */

/** The state file exists but is not a state this sandbox can continue from. */
export class SandboxStateError extends Error {
  readonly file: string

  constructor(file: string, why: string) {
    super(`sandbox state file ${file} is unreadable (${why.replace(/\s+/g, ' ').trim()}); move it away, or run "parley sandbox reset" to start the sandbox afresh`)
    this.name = 'SandboxStateError'
    this.file = file
  }
}

/** The saved state in `file`; null when there is none yet; throws {@link SandboxStateError} when it cannot be used. */
export function readStateFile(file: string): SavedState | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new SandboxStateError(file, (e as Error).message)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SandboxStateError(file, `not JSON: ${(e as Error).message}`)
  }
  const parsed = parseSavedState(json)
  if (!parsed.ok) throw new SandboxStateError(file, parsed.why)
  return parsed.state
}

/** Writes `state` to `file` atomically (temporary file + rename); throws on failure. */
export function writeStateFile(file: string, state: SavedState): void {
  mkdirSync(dirname(file), { recursive: true })
  const temporary = `${file}.tmp`
  writeFileSync(temporary, JSON.stringify(state))
  renameSync(temporary, file)
}

/** Batches changes into one write per interval; the snapshot is taken when the write happens. */
export class StateWriter {
  readonly #file: string
  readonly #flushEveryMs: number
  readonly #snapshot: (complete: boolean) => SavedState
  #timer: NodeJS.Timeout | null = null
  #closed = false

  constructor(file: string, flushEveryMs: number, snapshot: (complete: boolean) => SavedState) {
    this.#file = file
    this.#flushEveryMs = flushEveryMs
    this.#snapshot = snapshot
  }

  /** Something changed: it is written within `flushEveryMs`. */
  touch(): void {
    if (this.#timer || this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      try {
        this.flush()
      } catch (e) {
        // A timer has no caller to throw to; the next change tries again, and close() throws.
        process.emitWarning(`sandbox state file ${this.#file} could not be written: ${(e as Error).message}`)
      }
    }, this.#flushEveryMs)
  }

  /** Writes the current state now (`complete`: with the work in flight); throws if the file cannot be written. */
  flush(complete = false): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    writeStateFile(this.#file, this.#snapshot(complete))
  }

  /** Writes the complete last state and stops; later changes are not written. */
  close(): void {
    if (this.#closed) return
    this.flush(true)
    this.#closed = true
  }
}
