import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) inside whichever
 * commit crosses the log's size limit: the writer's thread, which is Parley's event loop, stalls
 * for it. Here the writer's automatic checkpoints are off and a worker thread of its own, with a
 * connection of its own, checkpoints instead (PASSIVE: it never waits for, nor blocks, the writer
 * or readers), so that work lands on the machine's other core.
 */
export interface Checkpointer {
  close(): Promise<void>
}

// A CommonJS script (`eval` workers run as one): checkpoint every `everyMs`, until told to stop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const connection = new Database(workerData.file, { fileMustExist: true })
connection.pragma('busy_timeout = 1000')
const timer = setInterval(() => {
  try {
    connection.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Busy or locked for a moment: the next round checkpoints.
  }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try { connection.pragma('wal_checkpoint(PASSIVE)') } catch {}
  connection.close()
  parentPort.postMessage('closed')
})
`

/** `onLost` runs if the thread dies before `close`: the writer must then checkpoint for itself again, or the log grows without end. */
export function startCheckpointer(file: string, onLost: () => void, everyMs = 100): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs } })
  worker.unref()
  let closing: Promise<void> | null = null
  worker.once('exit', () => closing === null && onLost())
  worker.on('error', () => undefined)
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()))
        worker.once('exit', () => resolve())
        worker.postMessage('close')
      })
      return closing
    },
  }
}
