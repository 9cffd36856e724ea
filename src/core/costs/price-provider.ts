import type { Money } from '../shared/money.js'
import type { ProviderFeeModel, MessageFeeRule } from './fee-model.js'
import { billingMonth, type MessageFact } from './message-fact.js'

export interface ProviderCharge extends Money {
  /** A flat fee waived by the provider's monthly allowance. */
  waived: boolean
}

function matches(rule: MessageFeeRule, fact: MessageFact): boolean {
  return (rule.direction === 'any' || rule.direction === fact.direction) && (rule.categories === 'all' || rule.categories.includes(fact.category))
}

/**
 * A provider's per-message fees, in order, with the month's per-number allowance: a failed outbound
 * message costs the failed-message fee only; otherwise every matching rule adds up, a percentage
 * being of the platform's charge for the same message, rounded half up to a micro-unit.
 */
export class ProviderMeter {
  private readonly used = new Map<string, number>()

  constructor(private readonly model: ProviderFeeModel) {}

  /** The provider's fee for the next message, given what the platform charged for it; call in delivery order. */
  charge(fact: MessageFact, platformMicros: number): ProviderCharge {
    const money = (micros: number, waived = false): ProviderCharge => ({ micros, currency: this.model.currency, waived })
    if (fact.direction === 'outbound' && fact.outcome === 'failed') return money(this.model.failedMessageFee)
    const rules = this.model.messageFees.filter((rule) => matches(rule, fact))
    const flat = rules.reduce((sum, rule) => sum + (rule.amount.kind === 'flat' ? rule.amount.micros : 0), 0)
    const percent = rules.reduce((sum, rule) => sum + (rule.amount.kind === 'percent_of_platform' ? Math.round((platformMicros * rule.amount.basisPoints) / 10_000) : 0), 0)
    if (flat === 0) return money(percent)
    const key = `${billingMonth(fact.at)} ${fact.number}`
    const used = this.used.get(key) ?? 0
    this.used.set(key, used + 1)
    return used < this.model.freeMessagesPerNumberPerMonth ? money(percent, true) : money(flat + percent)
  }
}
