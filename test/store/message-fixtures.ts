/* What the message ports' contract suites share: fixed instants, contacts and message builders. */
import { normalizePhone, type E164 } from '../../src/core/contacts/phone.js'
import type { NewOutboundMessage } from '../../src/core/messages/ports.js'
import type { StatusEvent } from '../../src/core/providers/provider.js'
import { createIds } from '../../src/runtime/ids.js'

export const ids = createIds()
export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)
export const ANA = phone('+4915112345678')
export const BEN = phone('+4915112345679')

export function phone(input: string): E164 {
  const parsed = normalizePhone(input)
  if (!parsed.ok) throw new Error(input)
  return parsed.e164
}

export function outbound(to: E164, text: string, overrides: Partial<NewOutboundMessage> = {}): NewOutboundMessage {
  return {
    id: ids.next('msg'),
    to,
    market: 'DE',
    senderId: 'default',
    provider: 'meta',
    account: 'meta',
    channel: 'whatsapp',
    content: { kind: 'text', text },
    preview: text,
    segments: null,
    metadata: null,
    dueAt: T0,
    ...overrides,
  }
}

export function status(messageId: string, s: StatusEvent['status'], at: number, extra: Partial<StatusEvent> = {}): StatusEvent {
  return { kind: 'status', providerMessageId: `wamid.${messageId}`, messageId, status: s, at, ...extra }
}
