import type { AcceptedMessage } from '../src/sandbox/index.js'
import type { MessageTimes } from './outbox-results.js'

/**
 * Exactly-once, checked on both sides for every message of a phase: the sandbox accepted it once
 * (Parley sends its own id as `biz_opaque_callback_data`, which the sandbox logs), and Parley ends
 * with it `read`, with one `accepted` and one `read` entry in its history. A lost or duplicated
 * message under load would be a serious bug, so the benchmark reports these counts every run.
 */
export interface ExactlyOnce {
  messages: number
  /** Messages Parley has as `read`. */
  read: number
  /** Statuses of the messages that did not end `read`. */
  notRead: Record<string, number>
  /** Accepted by the API but never accepted by the sandbox. */
  neverSent: number
  /** Accepted by the sandbox more than once. */
  sentTwice: number
  /** History with other than one `accepted` / one `read` entry. */
  acceptedEntriesNotOne: number
  readEntriesNotOne: number
  ok: boolean
}

export function checkExactlyOnce(ids: readonly string[], times: readonly MessageTimes[], sandboxLog: readonly AcceptedMessage[]): ExactlyOnce {
  const sends = new Map<string, number>()
  for (const id of ids) sends.set(id, 0)
  for (const entry of sandboxLog) {
    const id = entry.bizOpaqueCallbackData
    if (id !== null && sends.has(id)) sends.set(id, sends.get(id)! + 1)
  }
  const byId = new Map(times.map((t) => [t.id, t]))
  const notRead: Record<string, number> = {}
  let read = 0
  let acceptedEntriesNotOne = 0
  let readEntriesNotOne = 0
  for (const id of ids) {
    const t = byId.get(id)
    const status = t?.status ?? 'missing'
    if (status === 'read') read++
    else notRead[status] = (notRead[status] ?? 0) + 1
    if (t?.accepts !== 1) acceptedEntriesNotOne++
    if (t?.reads !== 1) readEntriesNotOne++
  }
  const counts = [...sends.values()]
  const neverSent = counts.filter((n) => n === 0).length
  const sentTwice = counts.filter((n) => n > 1).length
  return {
    messages: ids.length,
    read,
    notRead,
    neverSent,
    sentTwice,
    acceptedEntriesNotOne,
    readEntriesNotOne,
    ok: read === ids.length && neverSent === 0 && sentTwice === 0 && acceptedEntriesNotOne === 0 && readEntriesNotOne === 0,
  }
}

export function describeExactlyOnce(check: ExactlyOnce): string {
  if (check.ok) return `all ${check.messages.toLocaleString('en-US')} read, each sent once`
  const problems = [
    check.read < check.messages ? `${check.messages - check.read} not read (${JSON.stringify(check.notRead)})` : '',
    check.neverSent ? `${check.neverSent} never sent` : '',
    check.sentTwice ? `${check.sentTwice} SENT TWICE` : '',
    check.acceptedEntriesNotOne ? `${check.acceptedEntriesNotOne} with ≠1 accepted entry` : '',
    check.readEntriesNotOne ? `${check.readEntriesNotOne} with ≠1 read entry` : '',
  ]
  return `PROBLEM: ${problems.filter(Boolean).join('; ')}`
}
