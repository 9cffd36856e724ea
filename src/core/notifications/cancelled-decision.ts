import type { DecisionRecord } from './ports.js'

/** How a message an event cancelled shows among the event's decisions. */
export function cancelledDecision(keys: readonly string[], messageId: string): DecisionRecord {
  return { ruleId: '(cancel)', contactId: null, outcome: 'cancelled', reason: 'cancelled', detail: { keys: [...keys] }, messageId }
}
