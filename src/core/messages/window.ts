import { HOUR, type Duration, type Instant } from '../shared/time.js'

/** The customer-service window: 24 hours from the user's last message (docs/platform.md §4.1). */
export const CUSTOMER_SERVICE_WINDOW: Duration = 24 * HOUR

/**
 * Whether free-form messages may be sent at `now`. `safetyMargin` closes the window early because
 * sends near the boundary are known to fail with 131047.
 */
export function isWindowOpen(lastInboundAt: Instant | null, now: Instant, safetyMargin: Duration = 0): boolean {
  if (lastInboundAt === null) return false
  return now < lastInboundAt + CUSTOMER_SERVICE_WINDOW - safetyMargin
}
