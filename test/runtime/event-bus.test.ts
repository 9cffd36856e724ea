import { expect, it } from 'vitest'
import type { DomainEvent } from '../../src/core/events/domain-event.js'
import { createEventBus } from '../../src/runtime/event-bus.js'

const created = (messageId: string): DomainEvent => ({
  type: 'message.created',
  messageId,
  to: '+4915112345678' as never,
  senderId: 'default',
  kind: 'text',
  status: 'queued',
  eventId: null,
  at: 0,
})

it('hands each subscriber its events in publish order, one at a time, even when a handler is slow', async () => {
  const bus = createEventBus(() => undefined)
  const seen: string[] = []
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  bus.subscribe('message.created', async (event) => {
    seen.push(`start ${event.messageId}`)
    if (event.messageId === 'a') await gate
    seen.push(`end ${event.messageId}`)
  })
  bus.publish([created('a'), created('b')])
  bus.publish([created('c')])
  // The first handler waits: the others must not have started.
  expect(seen).toEqual(['start a'])
  release()
  await bus.idle()
  expect(seen).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
})

it('reports a failing handler and goes on with the other subscribers and later events', async () => {
  const errors: Array<{ error: unknown; type: string }> = []
  const bus = createEventBus((error, event) => errors.push({ error, type: event.type }))
  const other: string[] = []
  bus.subscribe('message.created', (event) => {
    if (event.messageId === 'a') throw new Error('boom')
  })
  bus.subscribe('message.created', async (event) => {
    if (event.messageId === 'b') throw new Error('async boom')
    other.push(event.messageId)
  })
  bus.publish([created('a'), created('b'), created('c')])
  await bus.idle()
  expect(other).toEqual(['a', 'c'])
  expect(errors.map((e) => (e.error as Error).message)).toEqual(['boom', 'async boom'])
})

it('delivers only the subscribed type, and nothing after unsubscribing', async () => {
  const bus = createEventBus(() => undefined)
  const seen: string[] = []
  const unsubscribe = bus.subscribe('message.created', (event) => void seen.push(event.messageId))
  bus.subscribe('event.decided', () => void seen.push('decided'))
  bus.publish([created('a')])
  unsubscribe()
  bus.publish([created('b')])
  await bus.idle()
  expect(seen).toEqual(['a'])
})
