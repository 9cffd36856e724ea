import type { DomainEvent, DomainEventOf, DomainEventType } from './domain-event.js'

/** A handler for one type of event. A failing handler is logged and never affects the change or the other handlers. */
export type DomainEventHandler<T extends DomainEventType> = (event: DomainEventOf<T>) => void | Promise<void>

/** The in-process event bus: everything that reacts to a committed change subscribes here. */
export interface EventBus {
  /** Hands committed events to their subscribers, in order. Returns at once; handlers run after. */
  publish(events: readonly DomainEvent[]): void
  /** Subscribes to one type; returns the unsubscribe function. */
  subscribe<T extends DomainEventType>(type: T, handler: DomainEventHandler<T>): () => void
  /** Resolves when every handler of what was published so far has finished (tests and shutdown wait on it). */
  idle(): Promise<void>
}
