import type { E164 } from '../../src/core/contacts/phone.js'
import type { NewOutboundMessage } from '../../src/core/messages/ports.js'
import type { EventRecording } from '../../src/core/notifications/ports.js'
import { createIds } from '../../src/runtime/ids.js'

/* What the notification ports' contract suites share: an instant, two parents, events and messages. */

export const ids = createIds()
export const T0 = 1_800_000_000_000
export const MOM = '+905321234567' as E164
export const DAD = '+905321234568' as E164

/** An event recording with nothing but the event (add contacts, cancellations, decisions, messages as needed). */
export const recording = (id: string, more: Partial<EventRecording> = {}): EventRecording => ({
  event: { id, type: 'lesson.scheduled', occurredAt: T0, body: { id, data: { lesson: { id: 'l-1' } } }, requestHash: 'h', contactId: null, receivedAt: T0 },
  contacts: [],
  subject: null,
  cancel: { keys: [], reason: { code: 'cancelled_by_event', title: 'cancelled' } },
  decisions: [],
  messages: [],
  ...more,
})

export const message = (to: E164, eventId: string, category = 'utility', dueAt = T0, cancelKeys: string[] = []): NewOutboundMessage => ({
  id: ids.next('msg'),
  to,
  market: 'TR',
  senderId: 'default',
  provider: 'meta',
  account: 'meta',
  channel: 'whatsapp',
  content: { kind: 'text', text: 'x' },
  preview: 'x',
  segments: null,
  metadata: null,
  dueAt,
  notification: { eventId, ruleId: 'confirm', category, scheduled: dueAt > T0, expiresAt: null, cancelKeys, expectReply: { buttons: ['1', '2'] } },
})
