import { Pool } from 'undici'

/**
 * The load generator: pre-serialised bodies POSTed over keep-alive connections. The same client
 * drives Parley and the bare baseline server, so their figures differ only by the server.
 * Responses are kept as text and parsed after the clock stops.
 */

export interface Response {
  /** Date.now() when the request was issued. */
  startedAt: number
  latencyMs: number
  status: number
  body: string
}

export interface LoadResult {
  startedAt: number
  /** When the last response arrived. */
  finishedAt: number
  responses: Response[]
}

/** A pre-serialised body, or one with headers of its own (a webhook and its signature). */
export type Payload = string | { body: string; headers: Record<string, string> }

export interface Target {
  origin: string
  path: string
  headers?: Record<string, string>
}

async function post(pool: Pool, target: Target, payload: Payload): Promise<Response> {
  const { body, headers } = typeof payload === 'string' ? { body: payload, headers: undefined } : payload
  const startedAt = Date.now()
  const t = performance.now()
  const res = await pool.request({
    method: 'POST',
    path: target.path,
    headers: { 'content-type': 'application/json', ...target.headers, ...headers },
    body,
  })
  const text = await res.body.text()
  return { startedAt, latencyMs: performance.now() - t, status: res.statusCode, body: text }
}

/** Closed loop: `concurrency` requests in flight, each connection sending its next body as soon as it has an answer. */
export async function postAll(target: Target, bodies: readonly Payload[], concurrency: number): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1 })
  try {
    const responses: Response[] = new Array(bodies.length)
    let next = 0
    const startedAt = Date.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const index = next++
          responses[index] = await post(pool, target, bodies[index]!)
        }
      }),
    )
    return { startedAt, finishedAt: Date.now(), responses }
  } finally {
    await pool.close()
  }
}

/**
 * Open loop: body k is sent at start + k × intervalMs whether or not earlier ones were answered,
 * so a slow server shows up as latency instead of quietly lowering the offered rate.
 */
export async function postPaced(target: Target, bodies: readonly Payload[], intervalMs: number, connections = 32): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections, pipelining: 1 })
  try {
    const startedAt = Date.now()
    const t0 = performance.now()
    const pending: Array<Promise<Response>> = []
    for (let k = 0; k < bodies.length; k++) {
      const wait = t0 + k * intervalMs - performance.now()
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
      pending.push(post(pool, target, bodies[k]!))
    }
    const responses = await Promise.all(pending)
    return { startedAt, finishedAt: Date.now(), responses }
  } finally {
    await pool.close()
  }
}
