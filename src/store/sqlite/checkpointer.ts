import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) inside whichever
 * commit crosses the log's size limit: the writer's thread, which is Parley's event loop, stalls
 * for it. Here the writer's automatic checkpoints are off and a worker thread of its own, with a
 * connection of its own, checkpoints instead (PASSIVE: it never waits for, nor blocks, the writer
 * or readers), so that work lands on the machine's other core.
 *
 * A log is only started again from its beginning once every frame in it has been copied back and
 * no reader still uses it; under steady load from two processes that moment never came, and the log
 * grew by every page ever written (half a gigabyte in a benchmark of 27,000 messages). So once the
 * log passes RESTART_FRAMES, a RESTART checkpoint waits for the readers of the moment to finish and
 * lets the next writer start the log over (writers meanwhile wait for the lock, off their event
 * loops); `journal_size_limit` then cuts the file back to that size.
 */
/** The log's length (in 4 KB pages: 64 MB) past which it is made to start over, by default. */
export const RESTART_FRAMES = 16_384

export interface Checkpointer {
  close(): Promise<void>
}

// A CommonJS script (`eval` workers run as one): checkpoint each file every `everyMs`, until told to stop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const connections = workerData.files.map((file) => {
  const connection = new Database(file, { fileMustExist: true })
  connection.pragma('busy_timeout = 1000')
  connection.pragma('journal_size_limit = ' + workerData.restartFrames * 4096)
  return connection
})
const timer = setInterval(() => {
  for (const connection of connections) {
    try {
      const [{ log }] = connection.pragma('wal_checkpoint(PASSIVE)')
      if (log > workerData.restartFrames) connection.pragma('wal_checkpoint(RESTART)')
    } catch {
      // Busy or locked for a moment: the next round checkpoints.
    }
  }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  for (const connection of connections) {
    try { connection.pragma('wal_checkpoint(PASSIVE)') } catch {}
    connection.close()
  }
  parentPort.postMessage('closed')
})
`

/**
 * One thread for every file of a database (the main file and the receipts file). `onLost` runs if
 * the thread dies before `close`: the writers must then checkpoint for themselves again, or the logs
 * grow without end.
 */
export function startCheckpointer(files: readonly string[], onLost: () => void, options: { everyMs?: number; restartFrames?: number } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const workerData = { driver, files, everyMs: options.everyMs ?? 100, restartFrames: options.restartFrames ?? RESTART_FRAMES }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData })
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
