// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Conversation } from '../../web/src/api/types.ts'
import { ConversationTimes } from '../../web/src/features/workflow/ConversationTimes.tsx'
import { NotifyToggle } from '../../web/src/features/workflow/NotifyToggle.tsx'
import { ResolveButton } from '../../web/src/features/workflow/ResolveButton.tsx'
import { TypingIndicator } from '../../web/src/features/workflow/TypingIndicator.tsx'
import { useInboundNotifications } from '../../web/src/features/workflow/notifications.ts'
import { renderIn } from './render.tsx'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
const NAMES = new Map([
  ['op_me', 'Olga'],
  ['op_anna', 'Anna'],
  ['op_ivan', 'Ivan'],
])

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    key: '+905321110001',
    team_id: null,
    phone: '+905321110001',
    name: 'Ana Yılmaz',
    external_id: null,
    last_message: { preview: 'hi', direction: 'inbound', at: iso(NOW - 60_000) },
    unread_count: 1,
    assignee_id: null,
    window: { open: true, closes_at: iso(NOW + 3_600_000 * 20) },
    opted_out: false,
    marketing_consent: false,
    state: 'open',
    resolved_at: null,
    waiting_since: null,
    first_response_seconds: null,
    resolution_seconds: null,
    sla: null,
    ...overrides,
  }
}

describe('Resolve / Reopen in the conversation header', () => {
  it('resolves an open conversation, reopens a resolved one, and shows a viewer the state alone', async () => {
    const calls: string[] = []
    const props = { resolve: async () => void calls.push('resolve'), reopen: async () => void calls.push('reopen') }
    const { rerender } = await renderIn(<ResolveButton state="open" canAct {...props} />)
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }))
    await waitFor(() => expect(calls).toEqual(['resolve']))
    rerender(<ResolveButton state="resolved" canAct {...props} />)
    expect(screen.getByText('Resolved')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Reopen' }))
    await waitFor(() => expect(calls).toEqual(['resolve', 'reopen']))
    rerender(<ResolveButton state="resolved" canAct={false} {...props} />)
    expect(screen.queryAllByRole('button')).toEqual([])
  })

  it('says why when the server refuses', async () => {
    const { ApiError } = await import('../../web/src/api/client.ts')
    await renderIn(<ResolveButton state="open" canAct resolve={async () => Promise.reject(new ApiError('forbidden', 'no', 403, null))} reopen={async () => undefined} />)
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }))
    expect(await screen.findByRole('alert')).toBeTruthy()
  })
})

describe('the work state in the list', () => {
  it('counts the wait in minutes, turns "SLA breached" once the due time passes, and names the first reply time', async () => {
    const waiting = conversation({ waiting_since: iso(NOW - 12 * 60_000), sla: { first_response_due_at: iso(NOW + 3 * 60_000), breached: false } })
    const { rerender } = await renderIn(<ConversationTimes conversation={waiting} now={NOW} />)
    expect(screen.getByText('Waiting 12 min')).toBeTruthy()
    expect(screen.queryByText('SLA breached')).toBeNull()
    // The list was loaded before the due time; the badge comes as time passes.
    rerender(<ConversationTimes conversation={waiting} now={NOW + 4 * 60_000} />)
    expect(screen.getByText('Waiting 16 min')).toBeTruthy()
    expect(screen.getByText('SLA breached')).toBeTruthy()

    rerender(<ConversationTimes conversation={conversation({ first_response_seconds: 95, sla: { first_response_due_at: iso(NOW - 60_000), breached: false } })} now={NOW} />)
    expect(screen.getByText('First reply in 1 min')).toBeTruthy()
    expect(screen.queryByText('SLA breached')).toBeNull()
    rerender(<ConversationTimes conversation={conversation({ state: 'resolved', first_response_seconds: 40, sla: { first_response_due_at: iso(NOW), breached: true } })} now={NOW} />)
    expect(screen.getByText('Resolved')).toBeTruthy()
    expect(screen.getByText('SLA breached')).toBeTruthy()
    expect(screen.getByText('First reply in 40 s')).toBeTruthy()
  })

  it("shows the team's resolution target overdue while the conversation stays open past it, and not once resolved in time", async () => {
    const sla = { first_response_due_at: iso(NOW - 50 * 60_000), breached: false, resolution_due_at: iso(NOW + 60_000), resolution_breached: false }
    const open = conversation({ first_response_seconds: 60, sla })
    const { rerender } = await renderIn(<ConversationTimes conversation={open} now={NOW} />)
    expect(screen.queryByText('Resolution overdue')).toBeNull()
    rerender(<ConversationTimes conversation={open} now={NOW + 2 * 60_000} />)
    expect(screen.getByText('Resolution overdue')).toBeTruthy()
    rerender(<ConversationTimes conversation={conversation({ state: 'resolved', first_response_seconds: 60, sla })} now={NOW + 2 * 60_000} />)
    expect(screen.queryByText('Resolution overdue')).toBeNull()
  })

  it('speaks Russian when asked', async () => {
    await renderIn(<ConversationTimes conversation={conversation({ waiting_since: iso(NOW - 125 * 60_000) })} now={NOW} />, 'ru')
    expect(screen.getByText('Ждёт 2 ч 5 мин')).toBeTruthy()
  })
})

describe('the typing indicator', () => {
  const signals = [
    { phone: '+905321110001', operatorId: 'op_anna', until: NOW + 5000 },
    { phone: '+905321110001', operatorId: 'op_me', until: NOW + 5000 },
    { phone: '+905329999999', operatorId: 'op_ivan', until: NOW + 5000 },
  ]

  it('names another operator typing here (not me, not elsewhere) until their signal runs out', async () => {
    const { rerender } = await renderIn(<TypingIndicator signals={signals} phone="+905321110001" me="op_me" names={NAMES} now={NOW} />)
    expect(screen.getByRole('status').textContent).toBe('Anna is typing…')
    rerender(<TypingIndicator signals={signals} phone="+905321110001" me="op_me" names={NAMES} now={NOW + 5000} />)
    expect(screen.getByRole('status').textContent).toBe('')
  })

  it('names several, and an operator it does not know', async () => {
    const more = [...signals, { phone: '+905321110001', operatorId: 'op_new', until: NOW + 5000 }]
    await renderIn(<TypingIndicator signals={more} phone="+905321110001" me="op_ivan" names={NAMES} now={NOW} />)
    expect(screen.getByRole('status').textContent).toBe('Anna, Olga, An operator are typing…')
  })
})

/** The browser's Notification API as a test double: it records what the page shows. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static answer: NotificationPermission = 'granted'
  static shown: Array<{ title: string; options?: NotificationOptions }> = []
  static async requestPermission() {
    FakeNotification.permission = FakeNotification.answer
    return FakeNotification.answer
  }
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, ...(options ? { options } : {}) })
  }
}

function stubNotifications(permission: NotificationPermission, hidden: boolean) {
  FakeNotification.permission = permission
  FakeNotification.shown = []
  Object.defineProperty(globalThis, 'Notification', { value: FakeNotification, configurable: true, writable: true })
  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true })
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'Notification')
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

function Notifier({ conversations, onReady }: { conversations: Conversation[]; onReady(notify: (data: unknown) => void): void }) {
  onReady(useInboundNotifications(conversations, 'op_me'))
  return null
}

describe('browser notifications', () => {
  it('asks for permission only when the operator opts in, then says they are on', async () => {
    stubNotifications('default', false)
    await renderIn(<NotifyToggle />)
    fireEvent.click(screen.getByRole('button', { name: 'Notify me' }))
    expect(await screen.findByText('Notifications on')).toBeTruthy()
    expect(FakeNotification.permission).toBe('granted')
  })

  it('says so when the browser blocks them', async () => {
    stubNotifications('denied', false)
    await renderIn(<NotifyToggle />)
    expect(screen.getByText('Notifications are blocked in this browser')).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it("notifies a hidden tab of a parent's message in my or an unassigned conversation, by name only", async () => {
    stubNotifications('granted', true)
    const list = [
      conversation({ phone: '+905321110001', name: 'Ana Yılmaz', assignee_id: 'op_me' }),
      conversation({ phone: '+905321110002', name: 'Bora Kaya', assignee_id: 'op_ivan' }),
      conversation({ phone: '+905321110003', name: null, assignee_id: null }),
    ]
    let notify: (data: unknown) => void = () => undefined
    await renderIn(<Notifier conversations={list} onReady={(n) => (notify = n)} />)
    const inbound = (fromPhone: string | null, profileName: string | null = null) => ({ type: 'message.inbound', fromPhone, profileName, content: { kind: 'text', text: 'secret' } })
    act(() => {
      notify(inbound('+905321110001'))
      notify(inbound('+905321110002')) // Ivan's
      notify(inbound('+905321110003', 'Cem'))
      notify(inbound('+905321110009')) // a new parent, nobody's yet
    })
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Ana Yılmaz: new message', 'Cem: new message', 'A parent: new message'])
    expect(JSON.stringify(FakeNotification.shown)).not.toContain('secret')
  })

  it('stays quiet while the tab is visible or without permission', async () => {
    stubNotifications('granted', false)
    let notify: (data: unknown) => void = () => undefined
    const { unmount } = await renderIn(<Notifier conversations={[]} onReady={(n) => (notify = n)} />)
    act(() => notify({ fromPhone: '+905321110001', profileName: 'Ana' }))
    unmount()
    stubNotifications('default', true)
    await renderIn(<Notifier conversations={[]} onReady={(n) => (notify = n)} />)
    act(() => notify({ fromPhone: '+905321110001', profileName: 'Ana' }))
    expect(FakeNotification.shown).toEqual([])
  })
})
