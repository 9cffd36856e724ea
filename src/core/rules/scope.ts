import type { Scope } from './expression/evaluate-expression.js'
import type { RecipientContext, RuleEvent } from './model.js'

/** What rule expressions read for an event, and for a recipient while a send is planned. */
export function scopeOf(event: RuleEvent, recipient?: RecipientContext): Scope {
  return {
    id: event.id,
    type: event.type,
    occurred_at: event.occurred_at,
    contact: event.contact ?? undefined,
    subject: event.subject ?? undefined,
    data: event.data,
    recipient: recipient ? { ...recipient } : undefined,
  }
}
