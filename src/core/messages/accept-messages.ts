import { normalizePhone } from '../contacts/phone.js'
import { ParleyError, type ErrorCode } from '../errors.js'
import type { Clock, Ids } from '../ports.js'
import { previewOf, type OutboundContent } from './content.js'
import type { MessageStore, NewOutboundMessage } from './ports.js'
import type { MessageStatus } from './status.js'

/** One message as the API received it, already checked for shape at the edge. */
export interface MessageInput {
  to: string
  content: OutboundContent
  metadata: Record<string, unknown> | null
  /** A configured sender id; the default sender when absent. */
  from?: string
}

export interface ItemError {
  code: ErrorCode
  message: string
  details?: unknown
}

export type ItemResult = { ok: true; id: string; status: MessageStatus } | { ok: false; error: ItemError }

export interface AcceptDeps {
  store: MessageStore
  ids: Ids
  clock: Clock
  /** Sender id → the provider that carries it. */
  senders: ReadonlyMap<string, { provider: string }>
  defaultSenderId: string
}

export interface IdempotencyRequest {
  scope: string
  key: string
  /** A hash of the request body: the same key with another body is a conflict. */
  requestHash: string
}

export interface Accepted {
  results: ItemResult[]
  /** True when an earlier request with the same idempotency key and body answered this. */
  replayed: boolean
}

/**
 * Accepts messages into the outbox: each item is validated on its own (a batch answers per item),
 * the valid ones are stored in one transaction, and the answer is given only after that commit.
 */
export async function acceptMessages(deps: AcceptDeps, inputs: MessageInput[], idempotency?: IdempotencyRequest): Promise<Accepted> {
  const now = deps.clock.now()
  const results: ItemResult[] = []
  const rows: NewOutboundMessage[] = []
  for (const input of inputs) {
    const checked = toRow(deps, input, now)
    if ('error' in checked) {
      results.push({ ok: false, error: checked.error })
      continue
    }
    rows.push(checked)
    results.push({ ok: true, id: checked.id, status: 'queued' })
  }
  const claim = idempotency ? { ...idempotency, result: JSON.stringify(results) } : undefined
  const stored = await deps.store.enqueue(rows, now, claim)
  if (stored.kind === 'conflict') {
    throw new ParleyError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body.', { key: idempotency?.key })
  }
  if (stored.kind === 'enqueued') return { results, replayed: false }
  const original = JSON.parse(stored.result) as ItemResult[]
  const current = await deps.store.statuses(original.flatMap((r) => (r.ok ? [r.id] : [])))
  return {
    replayed: true,
    results: original.map((r) => (r.ok ? { ...r, status: current.get(r.id) ?? r.status } : r)),
  }
}

function toRow(deps: AcceptDeps, input: MessageInput, now: number): NewOutboundMessage | { error: ItemError } {
  const phone = normalizePhone(input.to)
  if (!phone.ok) {
    return { error: { code: 'invalid_phone', message: `"${input.to}" is not a valid phone number in international format (${phone.reason}).`, details: { field: 'to', reason: phone.reason } } }
  }
  const senderId = input.from ?? deps.defaultSenderId
  const sender = deps.senders.get(senderId)
  if (!sender) {
    return { error: { code: 'unknown_sender', message: `No sender "${senderId}" is configured.`, details: { field: 'from', known: [...deps.senders.keys()] } } }
  }
  return {
    id: deps.ids.next('msg'),
    to: phone.e164,
    market: phone.country,
    senderId,
    provider: sender.provider,
    content: input.content,
    preview: previewOf(input.content),
    metadata: input.metadata,
    dueAt: now,
  }
}
