// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Message, MessageStatus } from '../../web/src/api/types.ts'
import { MessageBubble } from '../../web/src/features/conversations/MessageBubble.tsx'
import { renderIn } from './render.tsx'

function message(status: MessageStatus, overrides: Partial<Message> = {}): Message {
  return {
    id: 'msg_1',
    direction: 'outbound',
    to: '+4915112345678',
    from: 'sender',
    kind: 'text',
    text: 'Your lesson is at 5',
    status,
    error: null,
    created_at: '2025-03-01T12:00:00Z',
    updated_at: '2025-03-01T12:00:00Z',
    ...overrides,
  }
}

describe('a message bubble', () => {
  it.each([
    ['queued', 'Sending', '🕓'],
    ['accepted', 'Sending', '🕓'],
    ['sent', 'Sent', '✓'],
    ['delivered', 'Delivered', '✓✓'],
    ['read', 'Read', '✓✓'],
  ] as const)('shows a %s message with the "%s" ticks', async (status, label, ticks) => {
    await renderIn(
      <ul>
        <MessageBubble message={message(status)} />
      </ul>,
    )
    expect(screen.getByText('Your lesson is at 5')).toBeTruthy()
    expect(screen.getByRole('img', { name: label }).textContent).toBe(ticks)
  })

  it('says why a failed message was not delivered', async () => {
    await renderIn(
      <ul>
        <MessageBubble message={message('failed', { error: { code: '131026', title: 'Message undeliverable' } })} />
      </ul>,
    )
    expect(screen.getByRole('status').textContent).toContain('Not delivered: Message undeliverable')
    expect(screen.queryByRole('img')).toBeNull()
  })

  it('shows no ticks on a message the customer sent', async () => {
    await renderIn(
      <ul>
        <MessageBubble message={message('received', { direction: 'inbound' })} />
      </ul>,
    )
    expect(screen.getByText('Your lesson is at 5')).toBeTruthy()
    expect(screen.queryByRole('img')).toBeNull()
  })
})
