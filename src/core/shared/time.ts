/** A point in time: milliseconds since the Unix epoch, UTC. Stored and passed as a plain number. */
export type Instant = number

/** A span of time in milliseconds. */
export type Duration = number

export const SECOND: Duration = 1000
export const MINUTE: Duration = 60 * SECOND
export const HOUR: Duration = 60 * MINUTE
export const DAY: Duration = 24 * HOUR

export function toIso(at: Instant): string {
  return new Date(at).toISOString()
}
