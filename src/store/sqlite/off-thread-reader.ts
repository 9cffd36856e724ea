import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { CompiledQuery } from 'kysely'

/**
 * better-sqlite3 runs a statement on the calling thread: a report that scans a million messages
 * would hold up every request for as long. Long reads go to a worker thread of their own, with a
 * read-only connection of its own (WAL lets it read beside the writer).
 */
export interface OffThreadReader {
  read<Row>(query: CompiledQuery<Row>): Promise<Row[]>
  close(): Promise<void>
}

// A CommonJS script: `eval` workers run as one. It answers each {id, sql, parameters} with its rows.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const connection = new Database(workerData.file, { readonly: true, fileMustExist: true })
connection.pragma('busy_timeout = 10000')
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    parentPort.postMessage({ id, rows: connection.prepare(sql).all(parameters) })
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } })
  }
})
`

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }

export function createOffThreadReader(file: string): OffThreadReader {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  let worker: Worker | null = null
  let nextId = 0
  const pending = new Map<number, Pending>()

  function failAll(error: Error) {
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
    worker = null
  }

  function started(): Worker {
    if (worker) return worker
    const created = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } })
    // An idle reader must not keep the process alive; a pending read holds it (see `read`).
    created.unref()
    created.on('message', (answer: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = pending.get(answer.id)
      if (!waiting) return
      pending.delete(answer.id)
      if (pending.size === 0) created.unref()
      if (answer.error) waiting.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }))
      else waiting.resolve(answer.rows ?? [])
    })
    // A reader that died fails what it held; the next read starts a new one.
    created.on('error', (error) => worker === created && failAll(error))
    created.on('exit', (code) => worker === created && failAll(new Error(`the SQLite reader thread stopped (exit code ${code})`)))
    worker = created
    return created
  }

  return {
    read<Row>(query: CompiledQuery<Row>) {
      const reader = started()
      const id = nextId++
      reader.ref()
      return new Promise<Row[]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject })
        reader.postMessage({ id, sql: query.sql, parameters: query.parameters })
      })
    },
    async close() {
      const current = worker
      worker = null
      failAll(new Error('the database is closed'))
      await current?.terminate()
    },
  }
}
