import type { ReceiverHeartbeats } from '../core/messages/receiver-heartbeats.js'
import type { Clock } from '../core/ports.js'

/**
 * How often a process serving webhooks renews its mark, and for how many intervals one mark holds.
 * A gap longer than that (a stalled process, a lost database) counts as an outage: the reconciler
 * then waits a whole grace period of receiving again before it resends anything in doubt.
 */
const HEARTBEAT = { intervalMs: 2000, heldForIntervals: 3 } as const

export interface ReceiverHeartbeatDeps {
  heartbeats: ReceiverHeartbeats
  /** This process, as the holder of the mark. */
  owner: string
  clock: Clock
  onError(error: unknown): void
}

export interface ReceiverHeartbeat {
  /** Beats now and then every interval. */
  start(): void
  /** One beat at the clock's time; the timer's tick, which tests call directly. */
  beat(): Promise<void>
  /** Stops beating and withdraws the mark: from now on this process receives nothing. */
  stop(): Promise<void>
}

/** Keeps this process's mark as a webhook receiver fresh while it serves webhooks. */
export function createReceiverHeartbeat(deps: ReceiverHeartbeatDeps): ReceiverHeartbeat {
  const { intervalMs, heldForIntervals } = HEARTBEAT
  let timer: NodeJS.Timeout | undefined
  let beating: Promise<void> | null = null
  let stopped = false

  /** Beats after any beat under way, at the clock's time when it starts. */
  function beat(): Promise<void> {
    const next: Promise<void> = (beating ?? Promise.resolve())
      .catch(() => undefined)
      // Nothing after stop(): a mark written after it was withdrawn would vouch for a process that is gone.
      .then(() => (stopped ? undefined : deps.heartbeats.beat(deps.owner, deps.clock.now(), intervalMs * heldForIntervals)))
      .finally(() => {
        if (beating === next) beating = null
      })
    beating = next
    return next
  }

  function tick(): void {
    // A slow database must not pile up writes: the timer skips a beat while one is under way.
    if (!beating) beat().catch(deps.onError)
  }

  return {
    start() {
      if (timer || stopped) return
      tick()
      timer = setInterval(tick, intervalMs)
    },
    beat,
    async stop() {
      stopped = true
      clearInterval(timer)
      await beating?.catch(() => undefined)
      await deps.heartbeats.end(deps.owner)
    },
  }
}
