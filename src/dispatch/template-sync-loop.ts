import { decideRetry } from '../core/messages/retry.js'
import type { Random } from '../core/ports.js'
import type { SyncResult } from '../core/templates/sync-templates.js'
import type { ProviderError } from '../core/shared/provider-error.js'

/** The timer functions the loop schedules with (the global ones by default; tests pass their own). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface TemplateSyncLoopDeps {
  /** One sync with the provider (the use case with its dependencies). */
  sync(): Promise<SyncResult>
  /** How often to sync after a success; 0: only when asked (and retries after a failure). */
  intervalMs: number
  /** The first retry after a failure; each next one waits twice as long, up to the interval. */
  firstRetryMs: number
  random: Random
  timers?: Timers
  /** A failed sync (the provider's answer, or an error thrown), reported once, with when the next try is. */
  onFailure(failure: { error: ProviderError | null; thrown?: unknown; attempt: number; retryInMs: number | null }): void
}

export interface TemplateSyncLoop {
  /**
   * Syncs now (joining a sync under way) and, once started, schedules the next: the interval after a
   * success, a backoff after a failure. Rejects only if the sync itself threw.
   */
  syncNow(): Promise<SyncResult>
  /** Schedules the periodic sync. Until then `syncNow` schedules nothing, so a CLI command leaves no timer. */
  start(): void
  stop(): void
}

/** Retries are capped here when there is no periodic sync to cap them. */
const MAX_RETRY_MS = 600_000

/**
 * Keeps Parley's templates in line with the provider's: a sync at every interval and, after a
 * failure (a slow or unreachable provider at start), retries with exponential backoff and jitter
 * instead of waiting a whole interval with what may be no templates at all.
 */
export function createTemplateSyncLoop(deps: TemplateSyncLoopDeps): TemplateSyncLoop {
  const timers: Timers = deps.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) }
  const policy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelay: deps.firstRetryMs, maxDelay: deps.intervalMs > 0 ? deps.intervalMs : MAX_RETRY_MS }
  let started = false
  let failures = 0
  let timer: unknown = null
  let running: Promise<SyncResult> | null = null

  function schedule(ms: number): void {
    if (!started) return
    if (timer !== null) timers.clearTimeout(timer)
    timer = timers.setTimeout(() => {
      timer = null
      // Failures are reported through onFailure; the caller of a scheduled sync is nobody.
      syncNow().catch(() => undefined)
    }, ms)
  }

  function failed(error: ProviderError | null, thrown?: unknown): void {
    failures++
    const decision = decideRetry(policy, failures, deps.random())
    const retryInMs = started && decision.kind === 'retry' ? decision.delay : null
    deps.onFailure({ error, ...(thrown === undefined ? {} : { thrown }), attempt: failures, retryInMs })
    if (retryInMs !== null) schedule(retryInMs)
  }

  async function run(): Promise<SyncResult> {
    let result: SyncResult
    try {
      result = await deps.sync()
    } catch (error) {
      failed(null, error)
      throw error
    }
    if (result.kind === 'failed') failed(result.error)
    else {
      failures = 0
      if (deps.intervalMs > 0) schedule(deps.intervalMs)
    }
    return result
  }

  function syncNow(): Promise<SyncResult> {
    running ??= run().finally(() => {
      running = null
    })
    return running
  }

  return {
    syncNow,
    start() {
      if (started) return
      started = true
      if (deps.intervalMs > 0) schedule(deps.intervalMs)
    },
    stop() {
      started = false
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
    },
  }
}
