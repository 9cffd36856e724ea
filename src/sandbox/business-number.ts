import type { NumberOwner } from './flavours/names.js'
import type { NumberMetadata } from './webhook-emitter.js'

/**
 * A WhatsApp business number the core emulates. Meta's numbers are keyed by their phone_number_id;
 * a flavour's by `<flavour>:<public id>`, so that a flavour's number never shares windows, limits or
 * webhooks with a Meta number configured with the same id (tests give Meta a second number
 * 100000000000003, which is also 360dialog's).
 */
export interface BusinessNumber {
  /** The core's key: windows, throughput and pair limits are per key. */
  id: string
  /** Who answers for it and where its webhooks go. */
  owner: NumberOwner
  /** As the number's webhooks carry it: its public phone_number_id (for Gupshup its digits) and digits. */
  metadata: NumberMetadata
}

/** The core key of a flavour's number. */
export function flavourNumberKey(owner: NumberOwner, publicId: string): string {
  return owner === 'meta' ? publicId : `${owner}:${publicId}`
}
