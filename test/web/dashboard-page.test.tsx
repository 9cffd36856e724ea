// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../web/src/api/client.ts'
import type { MessageReport } from '../../web/src/api/types.ts'
import { DashboardPage } from '../../web/src/features/dashboard/DashboardPage.tsx'
import { renderIn } from './render.tsx'

const zero = { pending: 0, sent: 0, delivered: 0, read: 0, failed: 0, stale: 0, cancelled: 0 }

function reportOf(days: number): MessageReport {
  const dates = Array.from({ length: days }, (_, i) => new Date(Date.UTC(2026, 10, 26 + i - (days - 7))).toISOString().slice(0, 10))
  return {
    zone: 'Europe/Istanbul',
    from: dates[0]!,
    to: dates[dates.length - 1]!,
    by_day: dates.map((date, i) => ({ date, outbound: i === days - 1 ? { ...zero, read: 3, delivered: 1, failed: 1 } : zero, inbound: i === days - 1 ? 2 : 0 })),
    by_template: [{ key: 'lesson_reminder', attempted: 4, delivered: 3, read: 2, failed: 1, replied: 1, delivery_rate: 0.75, read_rate: 0.5, reply_rate: 0.25 }],
    by_event_type: [{ key: null, attempted: 4, delivered: 3, read: 2, failed: 1, replied: 1, delivery_rate: 0.75, read_rate: 0.5, reply_rate: 0.25 }],
    response_times: dates.map((date, i) =>
      i === days - 1 ? { date, answered: 2, unanswered: 1, median_seconds: 300, p90_seconds: 5400 } : { date, answered: 0, unanswered: 0, median_seconds: null, p90_seconds: null },
    ),
    response_time_total: { answered: 2, unanswered: 1, median_seconds: 300, p90_seconds: 5400 },
    spend: null,
  }
}

/** The fake API: answers the report for the asked range, and records what was asked. */
function fakeApi(answer: (days: number) => Promise<MessageReport> = async (days) => reportOf(days)) {
  const asked: Array<number | undefined> = []
  return {
    asked,
    api: {
      messageReport: (query: { days?: number }) => {
        asked.push(query.days)
        return answer(query.days ?? 30)
      },
    },
  }
}

describe('the dashboard', () => {
  it('shows 30 days by default, each chart with a heading, a summary and its figures as a table', async () => {
    const { api, asked } = fakeApi()
    const { container } = await renderIn(<DashboardPage api={api} />)
    const status = await screen.findByRole('region', { name: 'Messages by status per day' })
    expect(asked).toEqual([30])
    expect(screen.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true')
    expect(within(status).getByText('Sent in the range: 5; delivered or read: 4, read: 3, failed: 1. From parents: 2.')).toBeTruthy()
    const rows = within(status).getAllByRole('row')
    expect(rows).toHaveLength(31) // the header and one row per day
    const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent)
    expect(cells(rows[0]!)).toEqual(['Day', 'Pending', 'Sent', 'Delivered', 'Read', 'Failed', 'No word', 'Cancelled', 'From parents'])
    expect(cells(rows.at(-1)!)).toEqual(['2026-12-02', '0', '0', '1', '3', '1', '0', '0', '2'])
    // recharts draws real SVG bars in jsdom (React 19): the last day's three parts.
    expect(container.querySelectorAll('.recharts-bar-rectangle path').length).toBeGreaterThanOrEqual(3)

    const waits = screen.getByRole('region', { name: 'How long parents wait for an answer' })
    expect(within(waits).getByText('Waits answered: 2, not answered: 1; median 5 min, 90th percentile 1.5 hr over the whole range.')).toBeTruthy()
    const templates = screen.getByRole('region', { name: 'Rates by template' })
    expect(within(templates).getByRole('row', { name: /lesson_reminder/ }).textContent).toBe('lesson_reminder475%50%25%')
    expect(within(screen.getByRole('region', { name: 'Rates by event type' })).getByRole('rowheader').textContent).toBe('Sent directly')
    expect(screen.queryByText(/spend/i)).toBeNull()
  })

  it('switches the range to 7 and 90 days', async () => {
    const { api, asked } = fakeApi()
    await renderIn(<DashboardPage api={api} />)
    await screen.findByText(/2026-11-03 to 2026-12-02, days in Europe\/Istanbul/)
    fireEvent.click(screen.getByRole('button', { name: '7 days' }))
    await screen.findByText(/2026-11-26 to 2026-12-02/)
    expect(screen.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: '90 days' }))
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Messages by status per day' })).getAllByRole('row')).toHaveLength(91))
    expect(asked).toEqual([30, 7, 90])
  })

  it('says when nothing was sent, and shows an error in words', async () => {
    const empty = fakeApi(async (days) => ({ ...reportOf(days), by_template: [], by_event_type: [] }))
    await renderIn(<DashboardPage api={empty.api} />)
    expect(await screen.findAllByText('No messages were sent in this range.')).toHaveLength(2)

    const failing = fakeApi(async () => Promise.reject(new ApiError('network', 'offline', 0, null)))
    await renderIn(<DashboardPage api={failing.api} />, 'ru')
    expect((await screen.findByRole('alert')).textContent).toBe('Не удалось загрузить данные: Parley недоступен. Проверьте подключение.')
  })
})
