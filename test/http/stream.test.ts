import { afterAll, beforeAll, expect, it } from 'vitest'
import { createParley, type Parley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const ANA = '+905321110001'

interface SseEvent {
  id: string | undefined
  event: string | undefined
  data: any
}

/** A live stream read over a real socket, event by event. */
async function openStream(url: string, headers: Record<string, string> = {}, query = '') {
  const stop = new AbortController()
  const response = await fetch(`${url}/v1/stream${query}`, { headers: { authorization: `Bearer ${TEST_API_KEY}`, ...headers }, signal: stop.signal })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  const comments: string[] = []
  async function next(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (block.startsWith(':')) {
          comments.push(block)
          continue
        }
        const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
        return { id: field('id'), event: field('event'), data: JSON.parse(field('data') ?? 'null') }
      }
      const { value, done } = await reader.read()
      if (done) throw new Error('the stream ended')
      buffer += value
    }
  }
  /** The next event of `type`, skipping others. */
  async function nextOf(type: string, match: (data: any) => boolean = () => true): Promise<SseEvent> {
    for (;;) {
      const e = await next()
      if (e.event === type && match(e.data)) return e
    }
  }
  return { response, next, nextOf, comments, close: () => stop.abort() }
}

describeEachDatabase('live feed (SSE)', (dialect) => {
  let h: Harness
  let worker: Parley
  beforeAll(async () => {
    // The API process sends nothing itself: the worker, another Parley on the same database, does.
    h = await startHarness(dialect, { worker: false })
    worker = await createParley(h.config, { roles: { api: false, worker: true }, logger: createLogger('silent'), database: h.db.database })
  })
  afterAll(async () => {
    await worker?.close()
    await h?.close()
  })

  it("streams this process's changes and another process's commits, and resumes after Last-Event-ID", async () => {
    const stream = await openStream(h.url)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream')

    await h.api('PUT', `/v1/contacts/${encodeURIComponent(ANA)}`, { name: 'Ana' })
    expect((await h.api('PUT', `/v1/conversations/${encodeURIComponent(ANA)}/assignee`, { assignee_id: 'op_1' })).status).toBe(200)
    const assigned = await stream.nextOf('conversation.assigned')
    expect(assigned.data).toMatchObject({ type: 'conversation.assigned', phone: ANA, assigneeId: 'op_1', previousAssigneeId: null })

    // No webhooks: nothing this process does afterwards could wake the stream, only its look at the feed.
    h.sandbox.setWebhookUrl(null)
    const sent = await h.api('POST', '/v1/messages', { to: ANA, text: 'Hello' })
    const messageId = sent.body.id as string
    const created = await stream.nextOf('message.created', (d) => d.messageId === messageId)
    // Only the worker process dispatches: its commit reaches this process's stream through the feed, not the bus.
    const changed = await stream.nextOf('message.status_changed', (d) => d.messageId === messageId && d.source === 'dispatcher')
    expect(Number(changed.id)).toBeGreaterThan(Number(created.id))
    expect(Number(created.id)).toBeGreaterThan(Number(assigned.id))
    stream.close()

    // Reconnecting with the last id seen replays what followed it, in order.
    const resumed = await openStream(h.url, { 'last-event-id': assigned.id! })
    expect(await resumed.next()).toEqual(created)
    expect((await resumed.nextOf('message.status_changed', (d) => d.source === 'dispatcher')).id).toBe(changed.id)
    resumed.close()
    // ?after= does the same, for clients that cannot set the header.
    const fromQuery = await openStream(h.url, {}, `?after=${assigned.id}`)
    expect((await fromQuery.next()).id).toBe(created.id)
    fromQuery.close()
    expect((await h.api('GET', '/v1/stream', undefined, { 'last-event-id': 'soon' })).body.error.code).toBe('validation_failed')
  })

  it('ends open streams when Parley closes, without waiting on them', async () => {
    const other = await startHarness(dialect, { worker: false })
    const stream = await openStream(other.url)
    await other.close()
    // Ended by Parley (a clean end of the body), not cut by the forced close of lingering connections.
    await expect(stream.next()).rejects.toThrow('the stream ended')
  })
})
