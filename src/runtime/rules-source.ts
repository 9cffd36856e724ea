import { watch, type FSWatcher } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { parseRulesDocument, type RulesDocumentError } from '../core/rules/parse-rules-document.js'
import type { Rule } from '../core/rules/model.js'
import type { RulesDocumentStore } from '../core/rules/ports.js'
import type { Clock } from '../core/ports.js'
import type { Logger } from './logger.js'

export interface RulesSource {
  /** The rules in force. */
  current(): readonly Rule[]
  /** The document in force, as written. */
  text(): string
  /** The file the rules come from, if any. */
  readonly file: string | null
  /** Validates and, if valid, puts a new document in force (and writes it to the file, or else the database). */
  replace(text: string): Promise<{ ok: true; rules: number } | { ok: false; errors: RulesDocumentError[] }>
  /** Calls `listener` each time a changed rules file has been read, loaded or not; returns the unsubscribe. */
  onFileRead(listener: (result: FileReadResult) => void): () => void
  close(): void
}

/** What came of reading the watched file after it changed. */
export type FileReadResult =
  | { kind: 'loaded'; rules: number }
  | { kind: 'rejected'; errors: RulesDocumentError[] }
  | { kind: 'unreadable'; error: unknown }

const EMPTY = 'rules: []\n'

/** The rules file could not be put in force at start: it cannot be read, or it has mistakes (with their lines). */
export class RulesFileError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, one line, e.g. `no such file` or `line 4: rules.0.on: …`. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`)
    this.name = 'RulesFileError'
  }
}

const READ_PROBLEMS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a folder, not a file' }

async function readRulesFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    throw new RulesFileError(file, `cannot be read: ${READ_PROBLEMS[code] ?? (error as Error).message}`)
  }
}

function describeErrors(errors: readonly RulesDocumentError[]): string {
  return errors.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')
}

/**
 * The notification rules, from a YAML file when one is configured. The file is watched: a saved
 * change is validated and takes effect at once; an invalid one is logged with its lines and the
 * rules in force stay. Without a file, rules set through the API are kept in the database and are
 * in force again after a restart.
 */
export async function createRulesSource(file: string | null, logger: Logger, stored: { store: RulesDocumentStore; clock: Clock } | null): Promise<RulesSource> {
  let text = EMPTY
  let rules: readonly Rule[] = []
  let watcher: FSWatcher | null = null
  const listeners = new Set<(result: FileReadResult) => void>()
  const tell = (result: FileReadResult) => {
    for (const listener of listeners) listener(result)
  }

  const load = (next: string, origin: string): RulesDocumentError[] | null => {
    const parsed = parseRulesDocument(next)
    if (!parsed.ok) {
      logger.error({ origin, errors: parsed.errors }, 'rules not loaded: the document has errors; the rules in force stay')
      return parsed.errors
    }
    text = next
    rules = parsed.rules
    logger.info({ origin, rules: rules.length }, 'rules loaded')
    return null
  }

  if (file) {
    // At start a bad file stops the start (the caller says why), so it is not logged here as well.
    const initial = await readRulesFile(file)
    const parsed = parseRulesDocument(initial)
    if (!parsed.ok) throw new RulesFileError(file, describeErrors(parsed.errors))
    load(initial, file)
    let pending: NodeJS.Timeout | undefined
    watcher = watch(file, () => {
      // Editors save in several steps: wait for the file to settle.
      clearTimeout(pending)
      pending = setTimeout(() => {
        readFile(file, 'utf8')
          .then((next) => {
            if (next === text) return
            const errors = load(next, file)
            tell(errors ? { kind: 'rejected', errors } : { kind: 'loaded', rules: rules.length })
          })
          .catch((error: unknown) => {
            logger.error({ err: error, file }, 'rules file could not be read')
            tell({ kind: 'unreadable', error })
          })
      }, 100)
    })
    watcher.unref()
  } else if (stored) {
    const saved = await stored.store.load()
    // A document that no longer parses (say, after an upgrade changed the format) must not stop the
    // start: it stays stored, untouched, and no rules are in force until a valid one is saved.
    if (saved !== null) load(saved, 'database')
  }

  return {
    current: () => rules,
    text: () => text,
    file,
    async replace(next) {
      const parsed = parseRulesDocument(next)
      if (!parsed.ok) return { ok: false, errors: parsed.errors }
      // Written first, put in force after: a document that could not be kept is not in force either.
      if (file) await writeFile(file, next)
      else await stored?.store.save(next, stored.clock.now())
      text = next
      rules = parsed.rules
      return { ok: true, rules: rules.length }
    },
    onFileRead(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    close() {
      watcher?.close()
    },
  }
}
