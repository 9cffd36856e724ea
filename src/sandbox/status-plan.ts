import type { BusinessNumber } from './business-number.js'
import type { WebhookError } from './errors.js'
import type { FaultDice } from './faults.js'
import type { SandboxOptions } from './options.js'
import type { NumberMetadata } from './webhook-emitter.js'
import type { OutboundMessage, StatusName } from './webhook-payloads.js'

/**
 * Which status webhooks an accepted message produces and when (docs/platform.md §2.5, §2.6):
 * `sent` → `delivered` → `read` at the configured offsets from acceptance; no `read` when the user
 * has read receipts off; the skip / reorder faults; a single `failed` for refused messages.
 * Each status carries the timestamp of when it "happened" (acceptance + its nominal offset), also
 * when the reorder fault posts it late, as a real delayed webhook would.
 */

export interface ScheduledStatus {
  message: OutboundMessage
  metadata: NumberMetadata
  /** The core key of a flavour's number, whose flavour posts the status; absent for Meta's numbers (and in older state files). */
  number?: string
  status: StatusName
  atMs: number
  charged: boolean
  error?: WebhookError
}

export type Fate = { kind: 'deliver'; readReceipts: boolean } | { kind: 'fail'; error: WebhookError } | { kind: 'silent' }

export interface PlannedStatus {
  delayMs: number
  status: ScheduledStatus
}

export function planStatuses(
  message: OutboundMessage,
  number: BusinessNumber,
  fate: Fate,
  acceptedAtMs: number,
  delays: SandboxOptions['statusDelaysMs'],
  dice: FaultDice,
): PlannedStatus[] {
  if (fate.kind === 'silent') return []
  const sentAt = delays.sent
  const metadata = number.metadata
  const owner = number.owner === 'meta' ? {} : { number: number.id }
  const at = (status: StatusName, nominal: number, delayMs: number, charged: boolean, error?: WebhookError): PlannedStatus => ({
    delayMs,
    status: { message, metadata, ...owner, status, atMs: acceptedAtMs + nominal, charged, ...(error ? { error } : {}) },
  })
  if (fate.kind === 'fail') return [at('failed', sentAt, sentAt, false, fate.error)]

  // Offsets are cumulative from acceptance; keep them ordered even if configured otherwise.
  const deliveredAt = Math.max(sentAt, delays.delivered)
  const readAt = Math.max(deliveredAt, delays.read)
  const faults = dice.faults
  const skipDelivered = dice.chance(faults.skipDeliveredRate)
  const readFirst = !skipDelivered && fate.readReceipts && dice.chance(faults.readBeforeDeliveredRate)

  // §2.5: pricing on `sent` and on one of delivered/read.
  const plan = [at('sent', sentAt, sentAt, true)]
  if (!skipDelivered) {
    // Reordered: `delivered` is posted after `read`, one delivered-gap later.
    const postAt = readFirst ? readAt + Math.max(1, deliveredAt - sentAt) : deliveredAt
    plan.push(at('delivered', deliveredAt, postAt, true))
  }
  if (fate.readReceipts) plan.push(at('read', readAt, readAt, skipDelivered))
  return plan
}
