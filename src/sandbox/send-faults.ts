import type { IncomingMessage } from 'node:http'
import type { MetaErrorCode } from './errors.js'
import type { RouteContext } from './graph-answers.js'

/**
 * The send-path faults (`SandboxOptions.faults`), shared by Meta's send endpoint and every
 * flavour's, so that `setFaults` reaches whichever API a test sends through. They sit where a real
 * outage would: the connection dropped before anything happened, a 5xx with nothing sent, or the
 * answer lost after the message was accepted (the in-doubt case: its webhooks still follow).
 */

export type BeforeSend = { kind: 'go' } | { kind: 'dropped' } | { kind: 'server-error'; code: MetaErrorCode }

/** Rolls the faults that strike before a send is processed; a dropped connection is already destroyed. */
export function faultBeforeSend(ctx: RouteContext, req: IncomingMessage): BeforeSend {
  const { dice, counters } = ctx.state
  if (dice.chance(dice.faults.dropBeforeRate)) {
    counters.faults.droppedBefore++
    req.socket.destroy()
    return { kind: 'dropped' }
  }
  if (dice.chance(dice.faults.serverErrorRate)) {
    counters.faults.serverErrors++
    // The Meta code says which 5xx it is; a flavour answers it in its own format.
    return { kind: 'server-error', code: dice.serverErrorCode() }
  }
  return { kind: 'go' }
}

/** After acceptance: true when the answer is lost (the connection is destroyed, after the extra latency if any). */
export function dropAfterAccept(ctx: RouteContext, req: IncomingMessage): boolean {
  const { dice, counters } = ctx.state
  if (!dice.chance(dice.faults.dropAfterRate)) return false
  counters.faults.droppedAfter++
  const drop = () => req.socket.destroy()
  if (dice.faults.extraLatencyMs > 0) ctx.later(dice.faults.extraLatencyMs, drop)
  else drop()
  return true
}
