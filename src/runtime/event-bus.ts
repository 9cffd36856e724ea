import type { DomainEvent, DomainEventType } from '../core/events/domain-event.js'
import type { DomainEventHandler, EventBus } from '../core/events/ports.js'

type AnyHandler = (event: DomainEvent) => void | Promise<void>

interface Subscriber {
  handler: AnyHandler
  /** The handler's unfinished work: its events are handled one after another, in publish order. */
  busy: Promise<void> | null
}

/**
 * The in-process bus. Each subscriber sees its events in the order they were published, one at a
 * time (an async handler finishes before it gets the next), so a STOP and a later START cannot
 * overtake each other; subscribers do not wait for one another.
 */
export function createEventBus(onError: (error: unknown, event: DomainEvent) => void): EventBus {
  const subscribers = new Map<DomainEventType, Set<Subscriber>>()

  function run(subscriber: Subscriber, event: DomainEvent): void {
    const call = (): Promise<void> | null => {
      try {
        const result = subscriber.handler(event)
        return result instanceof Promise ? result.catch((error: unknown) => onError(error, event)) : null
      } catch (error) {
        onError(error, event)
        return null
      }
    }
    if (subscriber.busy) {
      subscriber.busy = subscriber.busy.then(() => call() ?? undefined)
    } else {
      const pending = call()
      if (pending) subscriber.busy = pending
    }
    const busy = subscriber.busy
    void busy?.then(() => {
      if (subscriber.busy === busy) subscriber.busy = null
    })
  }

  return {
    publish(events) {
      for (const event of events) {
        const forType = subscribers.get(event.type)
        if (forType) for (const subscriber of forType) run(subscriber, event)
      }
    },
    subscribe<T extends DomainEventType>(type: T, handler: DomainEventHandler<T>) {
      const subscriber: Subscriber = { handler: handler as AnyHandler, busy: null }
      const forType = subscribers.get(type) ?? new Set<Subscriber>()
      forType.add(subscriber)
      subscribers.set(type, forType)
      return () => void forType.delete(subscriber)
    },
    async idle() {
      for (;;) {
        const busy = [...subscribers.values()].flatMap((set) => [...set].flatMap((s) => (s.busy ? [s.busy] : [])))
        if (busy.length === 0) return
        await Promise.all(busy)
      }
    },
  }
}
