import { toIso } from '../shared/time.js'
import type { ConsentRecord, ContactState } from '../contacts/model.js'

/** Whether the contact opted out of everything: an `optOut` record is present (see ContactState). */
export function isOptedOut(contact: Pick<ContactState, 'optOut'>): contact is { optOut: ConsentRecord } {
  return contact.optOut !== null
}

/** Whether the contact explicitly opted in to marketing and has not withdrawn it (e.g. 131050). */
export function hasMarketingConsent(contact: Pick<ContactState, 'marketingConsent'>): boolean {
  return contact.marketingConsent?.granted === true
}

/** "via whatsapp_keyword at 2026-11-25T19:30:00.000Z": the evidence a decision cites. */
export function describeConsent(record: ConsentRecord): string {
  return `via ${record.source} at ${toIso(record.at)}`
}
