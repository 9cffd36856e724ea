import type { Clock } from '../core/ports.js'
import type { Dispatcher, Sender } from './dispatcher.js'

export interface WorkerOptions {
  maxInFlight: number
  batchSize: number
  pollIntervalMs: number
  /** How often to look for abandoned `sending` messages, and for messages gone stale. */
  reconcileIntervalMs: number
  onError(error: unknown): void
}

export interface Worker {
  start(): void
  /** Wakes idle sender loops now (new messages were queued). */
  wake(): void
  /** Stops claiming, then waits for sends in flight to be recorded. */
  stop(): Promise<void>
  inFlight(): number
}

/**
 * The loop around the dispatcher: one pipeline per sender that keeps up to `maxInFlight` messages
 * in flight (a claim does not wait for earlier sends to finish), sleeping when nothing is due or
 * the sender is at its rate limit, and woken early when messages are queued or sends finish.
 */
export function createWorker(dispatcher: Dispatcher, senders: readonly Sender[], clock: Clock, options: WorkerOptions): Worker {
  let running = false
  let inFlight = 0
  const loops: Promise<void>[] = []
  const sends = new Set<Promise<void>>()
  const sleepers = new Set<() => void>()
  // A sender at its rate limit waits for its tokens: new messages or finished sends do not bring
  // them sooner, and a claim woken early would take one or two, at a transaction each.
  const tokenWaits = new Set<() => void>()
  let reconcileTimer: NodeJS.Timeout | undefined
  let promoteTimer: NodeJS.Timeout | undefined
  let staleTimer: NodeJS.Timeout | undefined

  function wake(): void {
    for (const resolve of [...sleepers]) resolve()
  }

  function sleep(ms: number, waiters = sleepers): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      waiters.add(done)
    })
  }

  async function senderLoop(sender: Sender): Promise<void> {
    while (running) {
      const room = Math.min(options.batchSize, options.maxInFlight - inFlight)
      if (room <= 0) {
        await sleep(options.pollIntervalMs)
        continue
      }
      let claim
      try {
        claim = await dispatcher.claim(sender, room, clock.now())
      } catch (error) {
        options.onError(error)
        await sleep(options.pollIntervalMs)
        continue
      }
      const { messages, throttled, ratePerSecond } = claim
      if (messages.length > 0) {
        inFlight += messages.length
        const send: Promise<void> = dispatcher
          .sendAndRecord(sender, messages)
          .catch(options.onError)
          .finally(() => {
            inFlight -= messages.length
            sends.delete(send)
            wake()
          })
        sends.add(send)
      }
      // Until the next token, at the rate the bucket refills now (throttling may hold it lower).
      if (throttled) await sleep(Math.max(2, Math.ceil(1000 / (ratePerSecond ?? sender.ratePerSecond))), tokenWaits)
      else if (messages.length === 0) await sleep(options.pollIntervalMs)
    }
  }

  return {
    start() {
      if (running) return
      running = true
      for (const sender of senders) loops.push(senderLoop(sender))
      reconcileTimer = setInterval(() => {
        dispatcher.reconcile(clock.now()).catch(options.onError)
      }, options.reconcileIntervalMs)
      let sweeping = false
      staleTimer = setInterval(() => {
        if (sweeping) return
        sweeping = true
        dispatcher
          .markStale(clock.now())
          .catch(options.onError)
          .finally(() => (sweeping = false))
      }, options.reconcileIntervalMs)
      // Scheduled messages become due by the clock alone: check as often as idle senders poll.
      let promoting = false
      promoteTimer = setInterval(() => {
        if (promoting) return
        promoting = true
        dispatcher
          .promote(clock.now())
          .then((queued) => queued > 0 && wake())
          .catch(options.onError)
          .finally(() => (promoting = false))
      }, Math.max(options.pollIntervalMs, 20))
    },
    wake,
    async stop() {
      if (!running) return
      running = false
      clearInterval(reconcileTimer)
      clearInterval(promoteTimer)
      clearInterval(staleTimer)
      wake()
      for (const resolve of [...tokenWaits]) resolve()
      await Promise.allSettled(loops)
      await Promise.allSettled([...sends])
      loops.length = 0
    },
    inFlight: () => inFlight,
  }
}
