import { TEST_API_KEY } from './harness.js'

export interface SseEvent {
  id: string | undefined
  event: string | undefined
  data: any
}

/**
 * GET /v1/stream over a real socket (with the test key, unless `headers` bring a cookie), read
 * event by event; resolves once the stream has opened.
 */
export async function openSse(baseUrl: string, headers: Record<string, string> = { authorization: `Bearer ${TEST_API_KEY}` }) {
  const stop = new AbortController()
  const response = await fetch(`${baseUrl}/v1/stream`, { headers, signal: stop.signal })
  if (response.status !== 200) throw new Error(`stream answered ${response.status}: ${await response.text()}`)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  async function next(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (block.startsWith(':')) continue
        const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
        return { id: field('id'), event: field('event'), data: JSON.parse(field('data') ?? 'null') }
      }
      const { value, done } = await reader.read()
      if (done) throw new Error('the stream ended')
      buffer += value
    }
  }
  return {
    /** The next event of `type` that `match`es, skipping others. */
    async nextOf(type: string, match: (data: any) => boolean = () => true): Promise<SseEvent> {
      for (;;) {
        const e = await next()
        if (e.event === type && match(e.data)) return e
      }
    },
    close: () => stop.abort(),
  }
}

/** Logs an operator in over HTTP; what a browser then holds. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<{ cookie: string; csrf: string; operatorId: string }> {
  const res = await fetch(`${baseUrl}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  const body = (await res.json()) as { csrf_token: string; operator: { id: string } }
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(body)}`)
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrf_token, operatorId: body.operator.id }
}

/** A call with a browser's session: the cookie, and the CSRF token on changes. */
export async function asBrowser(baseUrl: string, browser: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
