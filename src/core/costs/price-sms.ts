import type { ProviderFeeModel } from './fee-model.js'
import type { MessageCost } from './message-cost.js'

/** How an SMS ended for its price: sent (or on its way), failed (Parley's provider could not send it), or received. */
export type SmsOutcome = 'sent' | 'failed' | 'inbound'

/**
 * What one SMS costs: no platform part, the provider's price per segment (docs/platform.md §7.4:
 * SMS is billed by segment), or its failed-message fee for one it could not send. Null when the
 * account's fee model has no SMS price: the message stays unpriced, as before.
 */
export function smsCost(model: ProviderFeeModel, segments: number, outcome: SmsOutcome): MessageCost | null {
  if (!model.sms) return null
  const providerMicros = outcome === 'failed' ? model.failedMessageFee : segments * (outcome === 'inbound' ? model.sms.inboundPerSegment : model.sms.perSegment)
  return {
    platformMicros: 0,
    providerMicros,
    currency: model.currency,
    category: 'sms',
    reason: outcome === 'sent' ? 'charged' : outcome,
    // An SMS has no customer-service window; `open` is the state that prices nothing by one.
    window: 'open',
    cardId: null,
  }
}
