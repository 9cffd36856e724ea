import { describe, expect, it } from 'vitest'
import type { MessageStatusChanged } from '../../../src/core/events/domain-event.js'
import { staleReason } from '../../../src/core/messages/stale.js'
import { outgoingPayloadsOf } from '../../../src/core/outgoing/outgoing-payloads.js'

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0)

describe('message.status payloads', () => {
  const changed = (status: MessageStatusChanged['status'], extra: Partial<MessageStatusChanged> = {}): MessageStatusChanged => ({
    type: 'message.status_changed',
    messageId: 'msg_1',
    providerMessageId: 'wamid.1',
    status,
    source: 'webhook',
    error: null,
    at: T0,
    ...extra,
  })

  it('tells the business a message went stale, with what was last heard and when', () => {
    const reason = staleReason('sent', T0)
    const [payload, ...more] = outgoingPayloadsOf(changed('stale', { source: 'reconciler', error: reason, lastHeard: { status: 'sent', at: T0 }, at: T0 + 86_400_000 }))
    expect(more).toEqual([])
    expect(payload).toEqual({
      topic: 'message.status',
      payload: {
        topic: 'message.status',
        message_id: 'msg_1',
        provider_message_id: 'wamid.1',
        status: 'stale',
        at: '2026-11-26T10:00:00.000Z',
        error: { code: 'no_final_status', title: reason.title },
        last_heard: { status: 'sent', at: '2026-11-25T10:00:00.000Z' },
      },
    })
  })

  it('keeps the provider verdicts as they were and says nothing of Parley-internal steps', () => {
    expect(outgoingPayloadsOf(changed('delivered'))[0]!.payload).not.toHaveProperty('last_heard')
    expect(outgoingPayloadsOf(changed('accepted', { source: 'dispatcher' }))).toEqual([])
  })
})
