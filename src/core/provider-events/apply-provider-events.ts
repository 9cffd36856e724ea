import type { ApplyResult, StatusLedger } from '../messages/ports.js'
import { handleInbound, type HandleInboundDeps } from '../notifications/handle-inbound.js'
import type { InboundEvent, StatusEvent } from '../messages/reports.js'
import type { SenderRef } from '../messages/sender.js'
import type { TemplateEvent } from '../templates/manager.js'
import { applyTemplateEvents } from '../templates/apply-template-events.js'
import type { TemplateStore } from '../templates/ports.js'

/** What a batch of provider webhooks said, parsed and grouped. */
export interface ProviderEventBatch {
  statuses: StatusEvent[]
  /** Inbound messages by the sender (business number) whose conversation they belong to. */
  inbound: Array<{ sender: SenderRef; events: InboundEvent[] }>
  templates: TemplateEvent[]
}

export interface ApplyProviderEventsDeps {
  ledger: StatusLedger
  templates: TemplateStore
  /** Keyword and feedback handling of new inbound messages. */
  inbound: HandleInboundDeps
  /** A rule's WhatsApp message could not reach a number not on WhatsApp: its SMS fallback, if the rule has one. Absent: none. */
  smsFallback?(failed: { messageId: string | null; providerMessageId: string }): Promise<unknown>
}

/** How each event of the batch was applied, by kind (for metrics). */
export interface ProviderEventsApplied {
  inbound: ApplyResult[]
  status: ApplyResult[]
  template: ApplyResult[]
}

/**
 * Applies what the provider reported: inbound messages onto their contacts' histories, statuses
 * onto messages (only forward), template review outcomes onto templates; then what they mean
 * beyond that — an opt-out keyword, a reply a rule waits for, a number that is not on WhatsApp (and
 * the SMS its rule falls back to).
 * Repeated events change nothing and trigger nothing. Inbound is recorded before statuses (a status
 * may concern a reply's context) and handled after them (a reply may answer a message whose `sent`
 * arrived in the same batch).
 */
export async function applyProviderEvents(deps: ApplyProviderEventsDeps, batch: ProviderEventBatch, now: number): Promise<ProviderEventsApplied> {
  const inboundResults: ApplyResult[] = []
  const newInbound: Array<InboundEvent & { sender: SenderRef }> = []
  for (const { sender, events } of batch.inbound) {
    const results = await deps.ledger.recordInbound(events, sender, now)
    inboundResults.push(...results)
    events.forEach((e, i) => results[i] === 'applied' && newInbound.push({ ...e, sender }))
  }
  const statusResults = await deps.ledger.applyStatuses(batch.statuses, now)
  const templateResults = batch.templates.length > 0 ? await applyTemplateEvents(deps, batch.templates, 'webhook', now) : []

  for (const inbound of newInbound) await handleInbound(deps.inbound, inbound)
  for (const [i, status] of batch.statuses.entries()) {
    if (statusResults[i] === 'applied' && status.status === 'failed' && status.error?.unreachable) {
      const notOnWhatsApp = await deps.inbound.contacts.markUnreachable(status.messageId ?? null, status.providerMessageId, now)
      if (notOnWhatsApp) await deps.smsFallback?.({ messageId: status.messageId ?? null, providerMessageId: status.providerMessageId })
    }
  }
  return { inbound: inboundResults, status: statusResults, template: templateResults }
}
