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
 *
 * Every provider flavour has one of these with its own {@link Signer} (Meta's HMAC, Twilio's
 * signature over the URL, or none); a delivery may name its own target URL (Twilio's per-message
 * StatusCallback) instead of the configured one.
 */

/**
 * The headers a webhook POST carries (content type, signature) for `body` posted to `url`. Called at
 * every attempt, because a signature may cover the URL and the URL may change between attempts.
 */
export type Signer = (body: string, url: URL) => Record<string, string>

/** Meta's signing (§2.2): `X-Hub-Signature-256` = HMAC-SHA256 of the exact bytes with the app secret. */
export function metaSigner(appSecret: string): Signer {
  return (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex') })
}

/** Unsigned JSON, as the BSPs that sign nothing post it (docs/platform.md §7.1, §7.3). */
export const unsignedJson: Signer = () => ({ 'content-type': 'application/json' })

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
  /** Where this one goes instead of the configured URL; null: the configured URL. */
  target: URL | null
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
  readonly #sign: Signer
  readonly #retry: RetryPolicy
  readonly #onSettled: () => void
  readonly #now: () => number
  readonly #retries: DelayQueue<Delivery>
  #url: URL | null = null
  /** One pool per origin a delivery went to: the configured URL's and any per-delivery targets'. */
  readonly #pools = new Map<string, Pool>()
  /** FIFO of deliveries ready to go (new ones and retries whose backoff passed). */
  #queue: Delivery[] = []
  /** Deliveries for the configured URL while none is set, in order. */
  #waiting: Delivery[] = []
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
  constructor(sign: Signer, retry: RetryPolicy, onSettled: () => void, now: () => number = Date.now) {
    this.#sign = sign
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
  unsettled(): Array<{ kind: DeliveryKind; body: string; since: number; target?: string }> {
    return [...this.#open.values()].map((d) => ({ kind: d.kind, body: d.body, since: d.since, ...(d.target ? { target: d.target.href } : {}) }))
  }

  /** The configured URL, or null while webhooks are held. */
  get url(): string | null {
    return this.#url?.href ?? null
  }

  setUrl(url: string | null): void {
    this.#url = url === null ? null : new URL(url)
    // In-flight requests finish where they went; their retries go to the new URL.
    if (this.#url && this.#waiting.length > 0) {
      this.#queue.push(...this.#waiting)
      this.#waiting = []
    }
    this.#pump()
  }

  /**
   * Delivers `body` (already in its wire serialisation, signed at each attempt) `copies` times
   * (2 = duplicate fault), to `target` or else the configured URL; `since` is when it was first
   * sent (a delivery restored from the state file).
   */
  send(kind: DeliveryKind, body: string, copies = 1, since = this.#now(), target: string | null = null): void {
    const to = target === null ? null : new URL(target)
    for (let i = 0; i < copies; i++) {
      this.#pending++
      const d: Delivery = { id: this.#nextId++, kind, body, target: to, attempts: 0, since, generation: this.#generation }
      this.#open.set(d.id, d)
      this.#queue.push(d)
    }
    this.#pump()
  }

  /** Drops everything waiting, scheduled or in flight (in-flight answers are ignored). */
  cancelAll(): void {
    this.#generation++
    this.#queue = []
    this.#waiting = []
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
    if (!this.#url) return false
    const pool = this.#poolFor(this.#url)
    const query = new URLSearchParams(this.#url.search)
    query.set('hub.mode', 'subscribe')
    query.set('hub.verify_token', verifyToken)
    query.set('hub.challenge', challenge)
    try {
      const res = await pool.request({ method: 'GET', path: `${this.#url.pathname}?${query.toString()}` })
      const text = await res.body.text()
      return res.statusCode === 200 && text === challenge
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    this.cancelAll()
    const pools = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)))
  }

  #poolFor(url: URL): Pool {
    let pool = this.#pools.get(url.origin)
    if (!pool) {
      pool = new Pool(url.origin, { connections: CONNECTIONS, headersTimeout: ATTEMPT_TIMEOUT_MS, bodyTimeout: ATTEMPT_TIMEOUT_MS })
      this.#pools.set(url.origin, pool)
    }
    return pool
  }

  /** Starts queued deliveries while a connection is free; those for the configured URL wait while none is set. */
  #pump(): void {
    if (this.#closed) return
    while (this.#inFlight < CONNECTIONS && this.#head < this.#queue.length) {
      const d = this.#queue[this.#head++]!
      if (d.generation !== this.#generation) continue
      const url = d.target ?? this.#url
      if (url) this.#attempt(d, this.#poolFor(url), url)
      else this.#waiting.push(d)
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
        headers: this.#sign(d.body, url),
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
