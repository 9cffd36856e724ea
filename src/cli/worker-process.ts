import { fork, type ChildProcess } from 'node:child_process'
import { FEED_TYPES } from '../core/events/feed.js'
import type { Parley, ParleyOptions } from '../main.js'
import type { Logger } from '../runtime/logger.js'

/** The worker process's two jobs: sending what is queued, and applying the webhooks the API stored. */
export type WorkerJob = 'dispatch' | 'webhooks'

/**
 * What the API process and its worker process say to each other over the IPC channel: `wake` to
 * the worker, `ready` and `feed` (it put changes on the live feed) from it.
 */
export type WorkerProcessMessage = { type: 'ready' } | { type: 'wake'; job: WorkerJob } | { type: 'feed' }

export interface WorkerProcess {
  /** Resolves once the first worker process is dispatching; rejects if it exits before. */
  ready: Promise<void>
  /** Tells the worker there is new work of a kind; calls in one turn of the event loop send one message per kind. */
  wake(job: WorkerJob): void
  /** Asks the worker to finish its sends in flight and waits until it has exited; no restart after. */
  stop(): Promise<void>
  /** The running worker process's id (null between a death and its restart), for measuring it. */
  pid(): number | null
}

export interface WorkerProcessOptions {
  /** The script the worker process runs and its arguments: the `parley` entry (bin/parley.js) and `worker`. */
  entry: string
  args: readonly string[]
  env: NodeJS.ProcessEnv
  logger: Logger
  /** First wait before starting a worker process again after it died; doubles up to 30 s. */
  restartDelayMs?: number
  /** The worker process put changes on the live feed (statuses, parents' messages): this process's open streams should look. */
  onFeedChange?: () => void
}

const MAX_RESTART_DELAY_MS = 30_000

/**
 * `parley start`'s dispatch and webhook application in a process of its own, so that the API and
 * the background work each have a core. Only the wake-up crosses the channel; the work itself is in
 * the database, so a worker that dies loses nothing (its leases expire, the next worker claims the
 * rows) and is started again. The worker shuts itself down when this process goes, even by kill -9
 * (its IPC channel closes).
 */
export function forkWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const firstDelay = options.restartDelayMs ?? 1000
  let delay = firstDelay
  let stopping = false
  let child: ChildProcess | null = null
  const wakesPending = new Set<WorkerJob>()
  let restartTimer: NodeJS.Timeout | undefined
  let exited: Promise<void> = Promise.resolve()
  let settleReady: { resolve(): void; reject(error: Error): void } | null = null
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }))

  const spawnWorker = (): void => {
    const current = fork(options.entry, [...options.args], { env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child = current
    exited = new Promise((resolve) => current.once('exit', () => resolve()))
    current.on('message', (message: WorkerProcessMessage) => {
      if (message.type === 'feed') options.onFeedChange?.()
      if (message.type !== 'ready') return
      delay = firstDelay
      settleReady?.resolve()
      settleReady = null
    })
    current.once('exit', (code, signal) => {
      child = null
      if (stopping) return
      if (settleReady) {
        settleReady.reject(new Error(`the worker process exited before it was ready (${signal ?? `exit code ${code}`})`))
        settleReady = null
        return
      }
      options.logger.error({ code, signal, restartInMs: delay }, 'worker process exited; starting another')
      restartTimer = setTimeout(spawnWorker, delay)
      delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS)
    })
    // A worker that cannot be reached is handled by its exit; the channel's own error is not news.
    current.on('error', (error) => options.logger.warn({ err: error }, 'worker process channel error'))
  }
  spawnWorker()

  return {
    ready,
    wake(job) {
      if (wakesPending.has(job)) return
      wakesPending.add(job)
      setImmediate(() => {
        wakesPending.delete(job)
        if (child?.connected) child.send({ type: 'wake', job } satisfies WorkerProcessMessage)
      })
    },
    pid: () => child?.pid ?? null,
    async stop() {
      stopping = true
      clearTimeout(restartTimer)
      child?.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * The worker process's side of the channel, when a parent forked it: each job woken by the
 * parent's messages, the parent told of changes on the live feed (once per turn of the event
 * loop), `stop` when the parent goes, and `ready` told. False when nobody forked this process.
 */
export function answerParentProcess(parley: Pick<Parley, 'worker' | 'processor' | 'bus'>, stop: (reason: string) => void): boolean {
  const send = process.send?.bind(process)
  if (!send) return false
  const wake: Record<WorkerJob, () => void> = { dispatch: () => parley.worker?.wake(), webhooks: () => parley.processor.notify() }
  process.on('message', (message: WorkerProcessMessage) => void (message.type === 'wake' && wake[message.job]()))
  let feedPending = false
  for (const type of FEED_TYPES)
    parley.bus.subscribe(type, () => {
      if (feedPending) return
      feedPending = true
      setImmediate(() => {
        feedPending = false
        if (process.connected) send({ type: 'feed' } satisfies WorkerProcessMessage)
      })
    })
  process.once('disconnect', () => stop('parent process gone'))
  send({ type: 'ready' } satisfies WorkerProcessMessage)
  return true
}

/**
 * The roles of the process that serves the API: all of them, or, when a worker process takes the
 * background work, the API alone, telling the worker process (once there is one) of each webhook it stores.
 */
export function servingRoles(split: boolean, worker: () => WorkerProcess | null): Pick<ParleyOptions, 'roles' | 'applyWebhooks' | 'onWebhookStored'> {
  return { roles: { api: true, worker: !split }, applyWebhooks: !split, onWebhookStored: () => worker()?.wake('webhooks') }
}

/** Wakes the worker process for each message queued here, once it is ready. */
export async function attachWorkerProcess(parley: Pick<Parley, 'bus'>, worker: WorkerProcess): Promise<void> {
  parley.bus.subscribe('message.created', () => worker.wake('dispatch'))
  await worker.ready
  // Wakes sent before it listened were dropped: one of each catches up on what they announced.
  worker.wake('dispatch')
  worker.wake('webhooks')
}
