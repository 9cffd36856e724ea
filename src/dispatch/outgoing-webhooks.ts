import { createHmac } from 'node:crypto'
import { decideRetry, type RetryPolicy } from '../core/messages/retry.js'
import type { OutgoingWebhookStore } from '../core/outgoing/ports.js'
import type { Clock, Random } from '../core/ports.js'

/**
 * How a post ended. Only the status of an answer is kept: the delivery log is shown to API
 * clients, and a response body or a socket error's text could describe an internal service.
 */
export type PostResult = { kind: 'answered'; status: number } | { kind: 'refused' } | { kind: 'failed' }

/** Posts a body; never throws, never follows a redirect. */
export type Poster = (url: string, headers: Record<string, string>, body: string) => Promise<PostResult>

export interface OutgoingDeliveryDeps {
  store: OutgoingWebhookStore
  post: Poster
  clock: Clock
  random: Random
  retry: RetryPolicy
  intervalMs: number
  /** This process, as the holder of the deliveries it leases. */
  owner: string
  onError(error: unknown): void
}

/** Longer than a delivery's request may take (10 s), so a delivery in progress is never taken over. */
const DELIVERY_LEASE_MS = 60_000

/**
 * `X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the time is
 * signed too, so a receiver can refuse old replays of a captured request.
 */
export function signOutgoing(secret: string, body: string, at: number): string {
  const t = Math.floor(at / 1000)
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

/** What the delivery log says about a failed post: one of a few fixed phrases, never the far side's words. */
function failureOf(answer: PostResult): { status: number | null; error: string } {
  switch (answer.kind) {
    case 'answered':
      return { status: answer.status, error: `HTTP ${answer.status}` }
    case 'refused':
      return { status: null, error: 'refused: private address' }
    case 'failed':
      return { status: null, error: 'connection failed' }
  }
}

/** Delivers queued webhooks to the business's systems, retrying with backoff, one loop per process. */
export function createOutgoingDelivery(deps: OutgoingDeliveryDeps) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | null = null

  async function deliverDue(): Promise<number> {
    const now = deps.clock.now()
    const due = await deps.store.claimDue(now, 50, DELIVERY_LEASE_MS, deps.owner)
    await Promise.all(
      due.map(async (d) => {
        const headers = {
          'content-type': 'application/json',
          'x-parley-topic': d.topic,
          'x-parley-delivery': String(d.id),
          'x-parley-signature': signOutgoing(d.secret, d.payload, deps.clock.now()),
        }
        const answer = await deps.post(d.url, headers, d.payload)
        const at = deps.clock.now()
        if (answer.kind === 'answered' && answer.status >= 200 && answer.status < 300) return deps.store.markDelivered(d.id, answer.status, at)
        // A refused address is the subscription's fault, not a passing failure: retrying would only
        // knock on the same door again. A replay tries once more.
        const decision = answer.kind === 'refused' ? null : decideRetry(deps.retry, d.attempts + 1, deps.random())
        return deps.store.markAttemptFailed(d.id, failureOf(answer), decision?.kind === 'retry' ? at + decision.delay : null)
      }),
    )
    return due.length
  }

  function tick(): Promise<number> {
    running ??= deliverDue().finally(() => {
      running = null
    })
    return running
  }

  // Every status change asks for a delivery round; with no subscription at all (the common case for
  // a business that polls) that would be a claim query per change for nothing. The periodic round
  // looks again, so a subscription made in another process is served within one interval.
  let anySubscription = true
  async function periodic(): Promise<void> {
    anySubscription = (await deps.store.subscriptions()).length > 0
    if (anySubscription) await tick()
  }

  return {
    /** Delivers what is due now (tests call this). */
    tick,
    /** Asks for a round soon: there may be new deliveries. */
    notify() {
      if (anySubscription) tick().catch(deps.onError)
    },
    /** A subscription was added or removed in this process: the next notify looks again. */
    subscriptionsChanged() {
      anySubscription = true
    },
    start() {
      timer = setInterval(() => void periodic().catch(deps.onError), deps.intervalMs)
    },
    async stop() {
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}

export type OutgoingDelivery = ReturnType<typeof createOutgoingDelivery>
