import { Agent, type Dispatcher } from 'undici'
import { classifyNetworkError } from './network-errors.js'

/** One HTTP call an adapter wants made. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: string
  /** Waiting budget, used twice: for a free connection, then for the answer once the request is written. */
  timeoutMs?: number
  /** Gives up when it aborts: `not_sent` if the request was not written yet, else `no_answer`. */
  signal?: AbortSignal
}

/**
 * How an HTTP call ended. A response of any status is a `response`; network trouble is split by
 * whether the server can have seen the request, because only `not_sent` may be blindly resent.
 */
export type HttpResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'not_sent'; message: string }
  | { kind: 'no_answer'; message: string }

/** The HTTP port provider adapters are given: one call in, one result out, never a thrown network error. */
export interface HttpClient {
  /** Makes one request; resolves with a result for every network failure instead of throwing. */
  request(req: HttpRequest): Promise<HttpResult>
  /** Closes pooled connections after the requests in flight have finished. */
  close(): Promise<void>
  /** Cuts the requests in flight (each ends `not_sent` or `no_answer`, as for an abort) and closes the pool. */
  destroy(): Promise<void>
}

export interface HttpClientOptions {
  /** Keep-alive connections per origin. One message is one request, so this caps concurrent sends to a provider. */
  connectionsPerOrigin?: number
  defaultTimeoutMs?: number
  /** Budget for establishing a TCP/TLS connection; defaults to `defaultTimeoutMs`. */
  connectTimeoutMs?: number
}

const DEFAULTS = { connectionsPerOrigin: 256, defaultTimeoutMs: 10_000 }

/** Creates an HttpClient on one undici Agent with a keep-alive pool per origin. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULTS.defaultTimeoutMs
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULTS.connectionsPerOrigin,
    // No pipelining: a request queued behind a slow one on the same socket would share its fate.
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connect: { timeout: options.connectTimeoutMs ?? defaultTimeoutMs },
  })
  let destroyed = false
  return {
    request: (req) => send(agent, req, req.timeoutMs ?? defaultTimeoutMs),
    close: () => (destroyed ? Promise.resolve() : agent.close()),
    destroy() {
      if (destroyed) return Promise.resolve()
      destroyed = true
      return agent.destroy()
    },
  }
}

function send(agent: Agent, req: HttpRequest, timeoutMs: number): Promise<HttpResult> {
  let url: URL
  try {
    url = new URL(req.url)
  } catch {
    return Promise.resolve({ kind: 'not_sent', message: `invalid URL: ${req.url}` })
  }
  if (req.signal?.aborted) return Promise.resolve({ kind: 'not_sent', message: 'aborted before it was sent' })
  return new Promise((resolve) => {
    // `written` turns true when undici hands the request to a socket: before that the server cannot
    // have seen it, whatever the error says; after it, any failure leaves the outcome in doubt.
    let written = false
    let settled = false
    let inFlight: Dispatcher.DispatchController | null = null
    let status = 0
    let headers: Record<string, string> = {}
    const chunks: Buffer[] = []
    const settle = (result: HttpResult): void => {
      if (settled) return
      settled = true
      clearTimeout(queueTimer)
      req.signal?.removeEventListener('abort', onAbort)
      resolve(result)
    }
    // Written: undici aborts the request and reports it as an error, which is then in doubt.
    // Still queued: it ends here, and is dropped when a connection would have taken it.
    const onAbort = (): void => {
      if (inFlight) inFlight.abort(new Error('aborted'))
      else settle({ kind: 'not_sent', message: 'aborted before it was sent' })
    }
    req.signal?.addEventListener('abort', onAbort, { once: true })
    // undici's headers/body timeouts start only once the request is written; this bounds the wait
    // for a free connection (a saturated pool, a connect that hangs) by the same budget.
    const queueTimer = setTimeout(() => {
      if (!written) settle({ kind: 'not_sent', message: `no connection within ${timeoutMs} ms` })
    }, timeoutMs)
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        if (settled) return controller.abort(new Error('gave up while queued'))
        written = true
        inFlight = controller
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode
        headers = flattenHeaders(responseHeaders)
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk)
      },
      onResponseEnd() {
        settle({ kind: 'response', status, headers, body: Buffer.concat(chunks).toString('utf8') })
      },
      onResponseError(_controller, error) {
        settle(classifyNetworkError(error, written))
      },
    }
    const options: Dispatcher.DispatchOptions = {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: req.headers ?? {},
      body: req.body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    }
    try {
      agent.dispatch(options, handler)
    } catch (error) {
      settle(classifyNetworkError(error, written))
    }
  })
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}
