import type { E164 } from '../contacts/phone.js'
import type { InboundContent } from '../messages/content.js'
import { buildOutboundMessage } from '../messages/build-outbound-message.js'
import type { Contacts } from '../contacts/ports.js'
import type { Outbox } from '../messages/ports.js'
import type { Clock, Ids } from '../ports.js'
import type { InboundEvent } from '../messages/reports.js'
import type { SenderRef } from '../messages/sender.js'
import { applyKeyword, KEYWORD_SOURCE, SMS_KEYWORD_SOURCE } from './apply-keyword.js'
import { confirmationText } from './keyword-confirmations.js'
import { matchKeyword, withSmsKeywords, type KeywordConfig } from './keywords.js'
import type { AwaitingReply, Feedback } from './ports.js'

export interface HandleInboundDeps {
  contacts: Contacts
  feedback: Feedback
  outbox: Outbox
  clock: Clock
  ids: Ids
  keywords: KeywordConfig
  /**
   * Whether the provider answers opt-out and opt-in keywords itself on this sender (Twilio does on SMS,
   * docs/platform.md §7.4): Parley then sends no confirmation of its own, which would come twice.
   * Absent: no provider does.
   */
  providerConfirmsKeywords?(sender: SenderRef): boolean
}

export type InboundOutcome = { kind: 'keyword'; action: 'opt_out' | 'opt_in'; changed: boolean } | { kind: 'feedback'; eventId: string; value: string } | { kind: 'none' }

/**
 * What an inbound message means beyond the conversation: an opt-out or opt-in keyword (answered
 * with one confirmation, which the open window allows; an SMS is also read for the SMS keywords,
 * see SMS_KEYWORDS), or the reply a rule waits for (a tapped
 * button, or text within the rule's time), attached to the event that asked.
 */
export async function handleInbound(deps: HandleInboundDeps, inbound: InboundEvent & { sender: SenderRef }): Promise<InboundOutcome> {
  const now = deps.clock.now()
  const phone = (inbound.fromPhone ?? `+${inbound.fromId}`) as E164
  const contactId = (await deps.contacts.upsert([{ phone }], now)).get(phone)!
  const contact = (await deps.contacts.byIds([contactId])).get(contactId)!

  const text = textOf(inbound.content)
  const sms = inbound.sender.channel === 'sms'
  const keyword = text === null ? null : matchKeyword(text, sms ? withSmsKeywords(deps.keywords) : deps.keywords)
  if (keyword && text !== null) {
    // One opt-out for every channel: a parent who sends STOP by SMS gets no WhatsApp messages either.
    const effect = applyKeyword(contact, keyword.action, inbound.at, sms ? SMS_KEYWORD_SOURCE : KEYWORD_SOURCE)
    if (effect.kind === 'change') await deps.contacts.setOptOut(contactId, effect.optOut, now, { keyword: text })
    if (deps.providerConfirmsKeywords?.(inbound.sender)) return { kind: 'keyword', action: keyword.action, changed: effect.kind === 'change' }
    // Confirm even a repeated STOP: the person is told where they stand.
    // The contact's own language first: a keyword may be a word in several languages (PARAR is
    // Spanish and Portuguese) or one people type whatever they speak (STOP); the keyword's
    // language only stands in when the contact's is unknown or has no texts.
    const confirmation = confirmationText(keyword.action, [contact.language, keyword.language])
    const reason = keyword.action === 'opt_out' ? 'opt_out_confirmation' : 'opt_in_confirmation'
    // Answered from the number that received it, on its channel.
    await deps.outbox.enqueue([buildOutboundMessage(deps.ids, { to: phone, sender: inbound.sender, content: { kind: 'text', text: confirmation.text }, metadata: { reason }, dueAt: now })], now)
    return { kind: 'keyword', action: keyword.action, changed: effect.kind === 'change' }
  }

  const awaiting = await deps.feedback.awaitingReply(contactId, inbound.replyTo ?? null)
  const answer = awaiting ? feedbackValue(awaiting, inbound) : null
  if (!awaiting || !answer) return { kind: 'none' }
  await deps.feedback.recordFeedback({
    eventId: awaiting.eventId,
    ruleId: awaiting.ruleId,
    messageId: awaiting.messageId,
    replyMessageId: inbound.providerMessageId,
    kind: answer.kind,
    value: answer.value,
    at: inbound.at,
  })
  return { kind: 'feedback', eventId: awaiting.eventId, value: answer.value }
}

function textOf(content: InboundContent): string | null {
  switch (content.kind) {
    case 'text':
      return content.text
    case 'button':
      return content.payload ?? content.text
    case 'interactive':
      return content.id
    // As before they were told apart: a caption is not read for keywords or replies.
    case 'media':
    case 'location':
    case 'other':
      return null
  }
}

/** The reply's value if it is one the rule waits for: a listed button, or any text in time. */
function feedbackValue(awaiting: AwaitingReply, inbound: InboundEvent): { kind: 'button' | 'text'; value: string } | null {
  const expected = awaiting.expectReply
  if (!expected) return null
  const c = inbound.content
  const tapped = c.kind === 'button' ? [c.payload, c.text] : c.kind === 'interactive' ? [c.id, c.title] : []
  const button = tapped.find((v): v is string => typeof v === 'string' && (expected.buttons ?? []).includes(v))
  if (button !== undefined) return { kind: 'button', value: button }
  if (c.kind === 'text' && expected.textWithinMs !== undefined && inbound.at - awaiting.sentAt <= expected.textWithinMs) {
    const digits = /^\s*([1-9])\s*$/.exec(c.text)
    // A typed "5" answers a 1–5 question as well as the button would.
    if (digits && (expected.buttons ?? []).includes(digits[1]!)) return { kind: 'button', value: digits[1]! }
    return { kind: 'text', value: c.text }
  }
  return null
}
