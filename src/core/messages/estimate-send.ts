import { estimateMessageCost, priceableAt, type CostBasis, type MessageCost } from '../costs/message-cost.js'
import { smsCost } from '../costs/price-sms.js'
import type { RateCategory } from '../costs/rate-card.js'
import type { Instant } from '../shared/time.js'
import type { SenderRef } from './sender.js'
import { isWindowOpen } from './window.js'

/** What a send's price depends on, as the accept path knows it. */
export interface SendToPrice {
  sender: SenderRef
  /** The recipient's billing market (from the number); null prices as the card's `other`. */
  market: string | null
  /** The template's category, or `service` for a free-form message. */
  category: RateCategory
  /** When the contact last wrote: the platform's window is open for 24 hours after it. */
  lastInboundAt: Instant | null
  now: Instant
  /** How much of the month's free allowance the sender used before this message (none counted when absent). */
  allowanceUsed?: number
  /** An SMS's segments (counted in build-outbound-message.ts): what its provider prices it by. */
  segments?: number | null
}

/**
 * The estimate of a send as if delivered now, by the platform's window (no safety margin: the
 * platform bills what it sees): what the accept path stores and the inbox's composer shows before
 * anything is sent. Null where it cannot be priced: no costs configured, an SMS whose account's fee
 * model has no SMS price, or no rate card in force (pricing never stops a message).
 */
export function estimateSend(costs: CostBasis | undefined, send: SendToPrice): MessageCost | null {
  const { sender, now } = send
  if (costs && sender.channel === 'sms') return send.segments ? smsCost(costs.feeModel(sender), send.segments, 'sent') : null
  if (!costs || sender.channel !== 'whatsapp' || !priceableAt(costs, now)) return null
  const window = isWindowOpen(send.lastInboundAt, now) ? 'open' : 'closed'
  const usage = { allowanceUsed: send.allowanceUsed ?? 0, tierVolume: 0 }
  return estimateMessageCost({ direction: 'outbound', at: now, senderId: sender.id, provider: sender.provider, account: sender.account, market: send.market, category: send.category, window, usage }, costs)
}
