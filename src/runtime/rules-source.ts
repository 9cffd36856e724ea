import { watch, type FSWatcher } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { parseRulesDocument, type RulesDocumentError } from '../core/rules/parse-rules-document.js'
import type { Rule } from '../core/rules/model.js'
import type { Logger } from './logger.js'

export interface RulesSource {
  /** The rules in force. */
  current(): readonly Rule[]
  /** The document in force, as written. */
  text(): string
  /** The file the rules come from, if any. */
  readonly file: string | null
  /** Validates and, if valid, puts a new document in force (and writes it to the file). */
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

/**
 * The notification rules, from a YAML file when one is configured. The file is watched: a saved
 * change is validated and takes effect at once; an invalid one is logged with its lines and the
 * rules in force stay. Without a file, rules live in memory (set through the API).
 */
export async function createRulesSource(file: string | null, logger: Logger): Promise<RulesSource> {
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
    const initial = await readFile(file, 'utf8')
    const errors = load(initial, file)
    if (errors) throw new Error(`${file}: ${errors.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')}`)
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
  }

  return {
    current: () => rules,
    text: () => text,
    file,
    async replace(next) {
      const parsed = parseRulesDocument(next)
      if (!parsed.ok) return { ok: false, errors: parsed.errors }
      text = next
      rules = parsed.rules
      if (file) await writeFile(file, next)
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
