import type { Clock } from '../core/ports.js'

export interface DatabaseClock extends Clock {
  /** The last measured difference, database minus this machine, in milliseconds. */
  offset(): number
  close(): void
}

/**
 * This machine's clock set to the database's: workers on several machines sharing one database
 * then agree on what is due (a message scheduled for 08:00 goes at the database's 08:00, whichever
 * worker claims it) without asking the database for the time at every reading. The offset is
 * measured at the midpoint of a round trip and again every `refreshMs`; readings never go back,
 * even when a new measurement is lower.
 */
export async function createDatabaseClock(readTime: () => Promise<number>, local: () => number, refreshMs = 60_000): Promise<DatabaseClock> {
  const measure = async (): Promise<number> => {
    const sent = local()
    const at = await readTime()
    return at - (sent + local()) / 2
  }
  let offset = await measure()
  let last = -Infinity
  const timer = setInterval(() => {
    measure().then(
      (next) => void (offset = next),
      // A failed measurement keeps the last offset: the database being away says nothing about time.
      () => undefined,
    )
  }, refreshMs)
  timer.unref()
  return {
    now() {
      last = Math.max(last, Math.round(local() + offset))
      return last
    },
    offset: () => offset,
    close: () => clearInterval(timer),
  }
}
