// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Contact, ContactEvent, LinkedSubject } from '../../web/src/api/types.ts'
import { ContactPanel, type ContactPanelApi } from '../../web/src/features/content/ContactPanel.tsx'
import { renderIn } from './render.tsx'

const PHONE = '+4915112345678'

const contact: Contact = {
  key: PHONE,
  phone: PHONE,
  name: 'Ayşe Yılmaz',
  language: 'tr',
  timezone: 'Europe/Istanbul',
  external_id: 'parent-42',
  opted_out: false,
  last_inbound_at: null,
  opt_out: null,
  marketing_consent: { granted: true, source: 'signup_form', at: '2026-09-01T08:00:00.000Z' },
  tags: ['vip', 'grade-5'],
}

const events: ContactEvent[] = [
  {
    id: 'evt-2',
    type: 'lesson.cancelled',
    occurred_at: '2026-11-30T10:00:00.000Z',
    received_at: '2026-11-30T10:00:01.000Z',
    decisions: [
      { rule_id: 'cancel-notice', outcome: 'queued', reason: null, message: { id: 'msg_1', preview: 'Lesson cancelled today', status: 'read' }, decided_at: '2026-11-30T10:00:01.000Z' },
      { rule_id: 'promo', outcome: 'suppressed', reason: 'quiet_hours_expired', message: null, decided_at: '2026-11-30T10:00:01.000Z' },
      { rule_id: 'digest', outcome: 'suppressed', reason: 'frequency_cap', message: null, decided_at: '2026-11-30T10:00:01.000Z' },
    ],
  },
]

const subjects: LinkedSubject[] = [{ external_id: 'student-max', role: 'guardian', linked_at: '2026-09-01T08:00:00.000Z' }]

function fakeApi(overrides: Partial<Contact> = {}): ContactPanelApi {
  return {
    contact: async () => ({ ...contact, ...overrides }),
    contactEvents: async () => ({ data: events }),
    contactSubjects: async () => ({ data: subjects }),
  }
}

/** The <dd> that follows the <dt> with this label. */
function fact(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' })
  return term.nextElementSibling?.textContent ?? ''
}

describe('the contact panel', () => {
  it("shows the profile, the parent's local time, consent, tags, linked students and what rules did with recent events", async () => {
    await renderIn(<ContactPanel api={fakeApi()} phone={PHONE} version={0} />)
    await waitFor(() => expect(screen.getByText('Name', { selector: 'dt' })).toBeTruthy())
    expect(fact('Name')).toBe('Ayşe Yılmaz')
    expect(fact('Language')).toBe('tr')
    expect(fact('Time zone')).toBe('Europe/Istanbul')
    const expected = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Istanbul', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(Date.now())
    expect(screen.getByTestId('local-time').textContent).toBe(expected)
    expect(fact('Opt-out')).toBe('Receives messages')
    expect(fact('Marketing consent')).toMatch(/^Granted via signup_form on /)
    expect(fact('Tags')).toBe('vip, grade-5')
    expect(fact('External id')).toBe('parent-42')

    await waitFor(() => expect(screen.getByRole('list', { name: 'Linked students' })).toBeTruthy())
    expect(within(screen.getByRole('list', { name: 'Linked students' })).getByText('student-max — guardian')).toBeTruthy()
    const recent = await screen.findByRole('list', { name: 'Recent events' })
    expect(within(recent).getByText('lesson.cancelled')).toBeTruthy()
    expect(within(recent).getByText('cancel-notice: sent “Lesson cancelled today” (read)')).toBeTruthy()
    expect(within(recent).getByText('promo: skipped — quiet hours outlasted it')).toBeTruthy()
    expect(within(recent).getByText('digest: skipped — capped (too many messages)')).toBeTruthy()
  })

  it('says when a parent opted out, and that the time is unknown without a time zone, in Russian', async () => {
    await renderIn(<ContactPanel api={fakeApi({ timezone: null, opt_out: { granted: false, source: 'keyword', at: '2026-10-01T08:00:00.000Z' }, marketing_consent: null, tags: [] })} phone={PHONE} version={0} />, 'ru')
    await waitFor(() => expect(screen.getByText('Имя', { selector: 'dt' })).toBeTruthy())
    expect(screen.getByTestId('local-time').textContent).toBe('неизвестно')
    expect(fact('Отписка')).toMatch(/^Отписался через keyword /)
    expect(fact('Согласие на рекламу')).toBe('Не спрашивали')
    expect(fact('Метки')).toBe('нет')
  })

  it('is a disclosure with its summary, so a phone can fold it away', async () => {
    await renderIn(<ContactPanel api={fakeApi()} phone={PHONE} version={0} />)
    const summary = screen.getByText('Contact', { selector: 'summary' })
    expect(summary.parentElement?.tagName).toBe('DETAILS')
  })
})
