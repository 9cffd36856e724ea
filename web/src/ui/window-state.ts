/** Under this much time left, the badge counts down instead of just saying "open". */
export const CLOSING_SOON_MS = 3 * 60 * 60 * 1000

export type WindowState =
  | { kind: 'open' }
  | { kind: 'closing'; remainingMs: number }
  | { kind: 'closed' }

/**
 * How the 24-hour window looks at `now`. The server decides when it closes (`closes_at`); the
 * badge only counts down to that moment, so it turns "closed" without waiting for a reload.
 */
export function windowState(closesAt: string | null, now: number): WindowState {
  if (closesAt === null) return { kind: 'closed' }
  const remainingMs = Date.parse(closesAt) - now
  if (!(remainingMs > 0)) return { kind: 'closed' }
  return remainingMs <= CLOSING_SOON_MS ? { kind: 'closing', remainingMs } : { kind: 'open' }
}

/** Whole hours and minutes left, rounded up so that "0 min" is never shown while still open. */
export function splitRemaining(remainingMs: number): { hours: number; minutes: number } {
  const totalMinutes = Math.ceil(remainingMs / 60_000)
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 }
}
