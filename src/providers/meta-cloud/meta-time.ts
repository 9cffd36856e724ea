/** 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in Unix seconds. */
const EARLIEST = 946_684_800
const LATEST = 4_102_444_800

/**
 * Whether a webhook's Unix seconds are a time Meta could report. Anything else (a value in
 * milliseconds, 20 digits) would be stored as a time no Date can show, and fail every later read.
 */
export function isPlausibleEpochSeconds(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= EARLIEST && seconds <= LATEST
}
