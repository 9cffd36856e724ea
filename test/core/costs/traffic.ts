import type { ProviderFeeModel } from '../../../src/core/costs/fee-model.js'
import type { MessageFact } from '../../../src/core/costs/message-fact.js'

/** `count` facts alike but for their ids and times, spread over [from, to). */
export function facts(prefix: string, count: number, from: number, to: number, fact: Omit<MessageFact, 'id' | 'at'>): MessageFact[] {
  const step = (to - from) / count
  return Array.from({ length: count }, (_, i) => ({ ...fact, id: `${prefix}-${String(i).padStart(6, '0')}`, at: Math.floor(from + i * step) }))
}

/** A provider model with nothing but what the test gives it. */
export function provider(id: string, fields: Partial<ProviderFeeModel>): ProviderFeeModel {
  return {
    id,
    name: id,
    currency: 'USD',
    source: 'test',
    retrieved: '2026-12-03',
    example: false,
    subscriptionPerNumberPerMonth: 0,
    setupFeePerNumber: 0,
    messageFees: [],
    freeMessagesPerNumberPerMonth: 0,
    failedMessageFee: 0,
    ...fields,
  }
}
