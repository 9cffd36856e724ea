/**
 * Runs items after a delay with one timer per distinct delay instead of one per item.
 * Items pushed with the same delay become due in push order (the monotonic clock only moves
 * forward), so each lane is a FIFO and only its head needs a timer. The sandbox schedules a few
 * statuses per accepted message at a handful of fixed offsets, so this keeps thousands of messages
 * a second cheap and makes `clear()` trivial.
 */

interface Lane<T> {
  items: Array<{ due: number; item: T }>
  head: number
  timer: NodeJS.Timeout | null
}

export class DelayQueue<T> {
  readonly #lanes = new Map<number, Lane<T>>()
  readonly #run: (item: T) => void
  readonly #now: () => number
  #size = 0

  constructor(run: (item: T) => void, now: () => number = () => performance.now()) {
    this.#run = run
    this.#now = now
  }

  /** Items waiting. */
  get size(): number {
    return this.#size
  }

  push(delayMs: number, item: T): void {
    const delay = Math.max(0, Math.round(delayMs))
    let lane = this.#lanes.get(delay)
    if (!lane) {
      lane = { items: [], head: 0, timer: null }
      this.#lanes.set(delay, lane)
    }
    lane.items.push({ due: this.#now() + delay, item })
    this.#size++
    if (!lane.timer) this.#arm(delay, lane)
  }

  /** Every waiting item with the time left until it is due (ms; 0 when overdue). */
  entries(): Array<{ remainingMs: number; item: T }> {
    const now = this.#now()
    const out: Array<{ remainingMs: number; item: T }> = []
    for (const lane of this.#lanes.values()) {
      for (let i = lane.head; i < lane.items.length; i++) out.push({ remainingMs: Math.max(0, lane.items[i]!.due - now), item: lane.items[i]!.item })
    }
    return out
  }

  /** Drops every waiting item and timer. */
  clear(): void {
    for (const lane of this.#lanes.values()) if (lane.timer) clearTimeout(lane.timer)
    this.#lanes.clear()
    this.#size = 0
  }

  #arm(delay: number, lane: Lane<T>): void {
    const first = lane.items[lane.head]
    if (!first || lane.timer) return
    lane.timer = setTimeout(() => this.#drain(delay, lane), Math.max(0, first.due - this.#now()))
  }

  #drain(delay: number, lane: Lane<T>): void {
    lane.timer = null
    const now = this.#now()
    // Timers may fire a fraction of a millisecond early; accept anything due within 1 ms.
    while (lane.head < lane.items.length && lane.items[lane.head]!.due <= now + 1) {
      const { item } = lane.items[lane.head]!
      lane.head++
      this.#size--
      this.#run(item)
      if (this.#lanes.get(delay) !== lane) return // cleared by the callback
    }
    if (lane.head === lane.items.length) {
      lane.items = []
      lane.head = 0
      return
    }
    // Compact occasionally so a long-lived lane does not keep every past item.
    if (lane.head > 1024 && lane.head * 2 > lane.items.length) {
      lane.items = lane.items.slice(lane.head)
      lane.head = 0
    }
    this.#arm(delay, lane)
  }
}
