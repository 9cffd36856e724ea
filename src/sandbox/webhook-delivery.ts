import { createHmac } from 'node:crypto'
import { Pool } from 'undici'
import { DelayQueue } from './delay-queue.js'

/**
 * Delivers signed webhook bodies to the configured URL and redelivers until a 200, the way Meta does
 * (docs/platform.md §2.6, §2.8): a non-200 answer, a refused connection or a timeout is retried
 * soon and then less and less often, for a day and a half by default, and then dropped. So a
 * receiver that was down for minutes or hours gets what it missed once it is back. Without a URL,
 * bodies wait until one is set. One keep-alive undici Pool per target origin, with at most one
 * request per connection in flight: the backlog waits here as plain strings, which is far lighter
 * than undici's own queued requests when a slow gateway falls behind.
 */

/** When a failed delivery is tried again (`SandboxOptions.webhookRetry`). */
export interface RetryPolicy {
  /** The wait before the first retry; each later one waits twice as long as the one before, up to `maxDelayMs`. */
  initialDelayMs: number
  maxDelayMs: number
  /** How long after its first attempt (sandbox time, `SandboxOptions.now`) a delivery is still retried; then it is dropped. */
  giveUpAfterMs: number
  /** Attempts after which a delivery is dropped even sooner (tests); null or absent: only `giveUpAfterMs` limits them. */
  maxAttempts?: number | null
}

/** The platform's schedule, as the sandbox plays it by default (§2.8). */
export const PLATFORM_RETRY: Readonly<RetryPolicy> = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 3_600_000,
  giveUpAfterMs: 36 * 3_600_000,
  maxAttempts: null,
})

/** The wait before retrying a delivery that failed its `attempts`-th attempt `ageMs` after its first; null: drop it. */
export function retryDelay(policy: RetryPolicy, attempts: number, ageMs: number): number | null {
  if (policy.maxAttempts != null && attempts >= policy.maxAttempts) return null
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempts - 1, 50))
  return ageMs + delay > policy.giveUpAfterMs ? null : delay
}

export type DeliveryKind = 'messages' | 'statuses' | 'templates'

interface Delivery {
  id: number
  kind: DeliveryKind
  body: string
  signature: string
  attempts: number
  /** Sandbox time when it was first sent: the retries stop `giveUpAfterMs` after it. */
  since: number
  generation: number
}

/** One finished delivery, kept in a short ring for `stats()`. */
export interface DeliveryRecord {
  id: number
  kind: DeliveryKind
  attempts: number
  outcome: 'acknowledged' | 'dropped'
  lastError: string | null
}

export interface DeliveryStats {
  posted: number
  acknowledged: number
  failedAttempts: number
  dropped: number
  pending: number
  recent: DeliveryRecord[]
}

const RECENT = 50
// How long the sandbox waits for the gateway's answer before treating the attempt as failed.
const ATTEMPT_TIMEOUT_MS = 10_000
const CONNECTIONS = 32

export class WebhookDelivery {
  readonly #secret: string
  readonly #retry: RetryPolicy
  readonly #onSettled: () => void
  readonly #now: () => number
  readonly #retries: DelayQueue<Delivery>
  #url: URL | null = null
  #pool: Pool | null = null
  /** FIFO of deliveries ready to go (new ones and retries whose backoff passed). */
  #queue: Delivery[] = []
  #head = 0
  #inFlight = 0
  #generation = 0
  #nextId = 1
  #pending = 0
  /** Every delivery not yet acknowledged or dropped (queued, in flight or waiting to retry), by id. */
  readonly #open = new Map<number, Delivery>()
  #counts = { posted: 0, acknowledged: 0, failedAttempts: 0, dropped: 0 }
  #recent: DeliveryRecord[] = []
  #closed = false

  /** `now` is the sandbox clock, for how long a delivery has been retried; the waits between attempts run on real timers. */
  constructor(appSecret: string, retry: RetryPolicy, onSettled: () => void, now: () => number = Date.now) {
    this.#secret = appSecret
    this.#retry = retry
    this.#onSettled = onSettled
    this.#now = now
    this.#retries = new DelayQueue((d) => {
      this.#queue.push(d)
      this.#pump()
    })
  }

  /** Deliveries created and not yet acknowledged or dropped. */
  get pending(): number {
    return this.#pending
  }

  /** The bodies of every unsettled delivery, oldest first, so a restarted sandbox can deliver them again (and stop when these would have). */
  unsettled(): Array<{ kind: DeliveryKind; body: string; since: number }> {
    return [...this.#open.values()].map((d) => ({ kind: d.kind, body: d.body, since: d.since }))
  }

  setUrl(url: string | null): void {
    const next = url === null ? null : new URL(url)
    if (this.#url?.origin !== next?.origin) {
      // In-flight requests on the old pool finish; their retries go to the new URL.
      void this.#pool?.close().catch(() => undefined)
      this.#pool = next ? new Pool(next.origin, { connections: CONNECTIONS, headersTimeout: ATTEMPT_TIMEOUT_MS, bodyTimeout: ATTEMPT_TIMEOUT_MS }) : null
    }
    this.#url = next
    this.#pump()
  }

  /**
   * Signs `body` (already in Meta's serialisation) and delivers it `copies` times (2 = duplicate
   * fault); `since` is when it was first sent (a delivery restored from the state file).
   */
  send(kind: DeliveryKind, body: string, copies = 1, since = this.#now()): void {
    const signature = 'sha256=' + createHmac('sha256', this.#secret).update(body).digest('hex')
    for (let i = 0; i < copies; i++) {
      this.#pending++
      const d: Delivery = { id: this.#nextId++, kind, body, signature, attempts: 0, since, generation: this.#generation }
      this.#open.set(d.id, d)
      this.#queue.push(d)
    }
    this.#pump()
  }

  /** Drops everything waiting, scheduled or in flight (in-flight answers are ignored). */
  cancelAll(): void {
    this.#generation++
    this.#queue = []
    this.#head = 0
    this.#retries.clear()
    this.#open.clear()
    this.#pending = 0
    this.#onSettled()
  }

  resetCounters(): void {
    this.#counts = { posted: 0, acknowledged: 0, failedAttempts: 0, dropped: 0 }
    this.#recent = []
  }

  stats(): DeliveryStats {
    return { ...this.#counts, pending: this.#pending, recent: [...this.#recent] }
  }

  /** Performs Meta's GET handshake (§2.1) against the current URL. */
  async verify(verifyToken: string, challenge: string): Promise<boolean> {
    if (!this.#url || !this.#pool) return false
    const query = new URLSearchParams(this.#url.search)
    query.set('hub.mode', 'subscribe')
    query.set('hub.verify_token', verifyToken)
    query.set('hub.challenge', challenge)
    try {
      const res = await this.#pool.request({ method: 'GET', path: `${this.#url.pathname}?${query.toString()}` })
      const text = await res.body.text()
      return res.statusCode === 200 && text === challenge
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    this.cancelAll()
    const pool = this.#pool
    this.#pool = null
    await pool?.destroy().catch(() => undefined)
  }

  /** Starts queued deliveries while a URL is set and a connection is free. */
  #pump(): void {
    const pool = this.#pool
    const url = this.#url
    if (this.#closed || !pool || !url) return
    while (this.#inFlight < CONNECTIONS && this.#head < this.#queue.length) {
      const d = this.#queue[this.#head++]!
      if (d.generation === this.#generation) this.#attempt(d, pool, url)
    }
    if (this.#head === this.#queue.length) {
      this.#queue = []
      this.#head = 0
    } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }

  #attempt(d: Delivery, pool: Pool, url: URL): void {
    d.attempts++
    this.#counts.posted++
    this.#inFlight++
    pool
      .request({
        method: 'POST',
        path: url.pathname + url.search,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature },
        body: d.body,
      })
      .then(
        async (res) => {
          await res.body.dump().catch(() => undefined)
          return res.statusCode === 200 ? null : `HTTP ${res.statusCode}`
        },
        (error: Error) => error.message || error.name,
      )
      .then((error) => {
        this.#inFlight--
        this.#settle(d, error)
        this.#pump()
      })
  }

  #settle(d: Delivery, error: string | null): void {
    if (d.generation !== this.#generation) return
    if (error === null) {
      this.#counts.acknowledged++
      this.#finish(d, 'acknowledged', null)
      return
    }
    this.#counts.failedAttempts++
    const delay = retryDelay(this.#retry, d.attempts, this.#now() - d.since)
    if (delay === null) {
      this.#counts.dropped++
      this.#finish(d, 'dropped', error)
      return
    }
    this.#retries.push(delay, d)
  }

  #finish(d: Delivery, outcome: DeliveryRecord['outcome'], lastError: string | null): void {
    this.#recent.push({ id: d.id, kind: d.kind, attempts: d.attempts, outcome, lastError })
    if (this.#recent.length > RECENT) this.#recent.shift()
    this.#open.delete(d.id)
    this.#pending--
    if (this.#pending === 0) this.#onSettled()
  }
}
