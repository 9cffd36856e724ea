import type { Actor, AuditLog } from '../core/operators/ports.js'
import type { Clock } from '../core/ports.js'

/** How long an operator's reading of one conversation counts as one opening. */
export const OPENING_WINDOW_MS = 10 * 60 * 1000
/** Openings remembered per process; the oldest are forgotten first. */
const REMEMBERED = 10_000

/**
 * Records in the audit log that an operator opened a conversation (`conversation.opened`): when
 * their session reads its first page of messages. The inbox reads that page again at every live
 * event, so one opening is recorded per operator and conversation per ten minutes (per process:
 * two API processes may each record one).
 */
export function createOpeningAudit(audit: AuditLog, clock: Clock) {
  const lastRecorded = new Map<string, number>()

  return async function opened(actor: Actor | undefined, contactId: string): Promise<void> {
    if (actor?.kind !== 'operator') return
    const key = `${actor.id} ${contactId}`
    const now = clock.now()
    const last = lastRecorded.get(key)
    if (last !== undefined && now - last < OPENING_WINDOW_MS) return
    lastRecorded.delete(key)
    lastRecorded.set(key, now)
    if (lastRecorded.size > REMEMBERED) lastRecorded.delete(lastRecorded.keys().next().value!)
    await audit.record({ actor, action: 'conversation.opened', target: { kind: 'contact', id: contactId } })
  }
}

export type OpeningAudit = ReturnType<typeof createOpeningAudit>
