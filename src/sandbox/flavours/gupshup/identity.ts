import { createHash } from 'node:crypto'

/**
 * The sandbox's Gupshup app (src/sandbox/README.md, docs/platform.md §7.1): one app with one
 * WhatsApp number. Gupshup has no phone-number id: the number is named by its digits.
 */
export const GUPSHUP = Object.freeze({
  prefix: '/gupshup',
  apiKey: 'sandbox-gupshup-key',
  appName: 'ParleySandbox',
  appId: '00000000-0000-4000-8000-000000000001',
  /** Digits, no `+`: `source` in sends, and the number's id on events. */
  number: '15550001236',
})

/**
 * Gupshup's template id for a template of the shared store: a UUID derived from the store's id, so
 * it stays the same across restarts (the store keeps its ids) without a table of its own.
 */
export function gupshupTemplateId(storeId: string): string {
  const h = createHash('sha256').update(`gupshup-template:${storeId}`).digest('hex')
  // Shaped like a version-4 UUID (version nibble 4, variant 8–b), as Gupshup's ids are.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
