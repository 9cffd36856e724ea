import type { BusinessNumber } from '../business-number.js'
import type { InboundValue, StatusPayload } from '../webhook-payloads.js'

/**
 * What the core hands a flavour for one of its numbers: the same Meta-model events it would post
 * as Meta webhooks (docs/platform.md §2.4, §2.5), for the flavour to put into its own wire format.
 */
export interface FlavourEvents {
  /** A user wrote to the number: the core's `messages` value (contacts and one message). */
  inbound(number: BusinessNumber, value: InboundValue, atMs: number): void
  /** A status of a message the number sent, when it is due (after the fault plan: skipped, reordered). */
  status(number: BusinessNumber, status: StatusPayload, atMs: number): void
}
