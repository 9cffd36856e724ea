import type { ItemError } from '../errors.js'
import { toIso, type Instant } from '../shared/time.js'
import type { TemplateCategory } from '../templates/model.js'
import type { RecipientState } from '../contacts/model.js'
import { isWindowOpen } from './window.js'

/**
 * Why a direct send may still go to a contact who opted out: it is a reply the contact asked for
 * after opting out, or a transactional message (an order, account or security notice).
 */
export const SEND_OVERRIDES = ['requested_by_contact', 'transactional'] as const
export type SendOverride = (typeof SEND_OVERRIDES)[number]

/**
 * What is being sent, as far as opt-out policy cares: free-form (`text` stands for text and media
 * alike, both allowed only inside the window), or a template of a category.
 */
export type SendSubject = { kind: 'text' } | { kind: 'template'; category: TemplateCategory }

/**
 * Whether a direct send may go to this recipient; an error (`contact_opted_out`) when it may not.
 * An opted-out contact gets nothing unless the send names an override that holds (docs/platform.md §8:
 * honour opt-outs; promotional content respects them even inside the window):
 * - `requested_by_contact`: the contact wrote to us after opting out and the window is still open;
 * - `transactional`: a utility or authentication template.
 * Marketing is refused to an opted-out contact whatever the override.
 */
export function checkOptOut(recipient: RecipientState | undefined, subject: SendSubject, override: SendOverride | null, now: Instant): ItemError | null {
  const optOut = recipient?.optOut
  if (!optOut) return null
  const since = `opted out (via ${optOut.source} at ${toIso(optOut.at)})`
  const refuse = (message: string, reason: string): ItemError => ({
    code: 'contact_opted_out',
    message,
    details: { field: 'to', opted_out_at: toIso(optOut.at), source: optOut.source, override, reason },
  })
  if (subject.kind === 'template' && subject.category === 'MARKETING') {
    return refuse(`The contact ${since}; marketing is never sent to an opted-out contact, whatever the override.`, 'marketing')
  }
  switch (override) {
    case null:
      return refuse(
        `The contact ${since}; nothing was queued. A reply the contact asked for, or a transactional template, can say so with "policy": {"override": "requested_by_contact" | "transactional"}.`,
        'opted_out',
      )
    case 'requested_by_contact': {
      const wroteSince = recipient.lastInboundAt !== null && recipient.lastInboundAt > optOut.at
      if (wroteSince && isWindowOpen(recipient.lastInboundAt, now)) return null
      return refuse(
        `The contact ${since} and ${wroteSince ? 'their customer-service window has closed since they last wrote' : 'has not written to us since'}: "requested_by_contact" needs a message from them after the opt-out, less than 24 hours ago.`,
        'not_requested',
      )
    }
    case 'transactional':
      if (subject.kind === 'template') return null
      return refuse(`The contact ${since}; "transactional" applies to utility and authentication templates only, not free-form text.`, 'not_transactional')
  }
}
