import type { Duration, Instant } from '../shared/time.js'

/**
 * The marks that processes serving the provider's webhooks renew while they can receive them. The
 * reconciler reads them to tell since when Parley has been receiving webhooks without a break
 * (see `requeueAbandoned`): an in-doubt message is resent only after a whole grace period of that.
 */
export interface ReceiverHeartbeats {
  /**
   * Records that `owner` can receive webhooks at `now` and vouches for it until `now + validFor`.
   * A heartbeat after the previous one's vouch ran out (the process stalled, or lost the database)
   * starts a new unbroken run at `now`.
   */
  beat(owner: string, now: Instant, validFor: Duration): Promise<void>
  /** Withdraws `owner`'s mark at once: it has stopped receiving (a clean shutdown). */
  end(owner: string): Promise<void>
}
