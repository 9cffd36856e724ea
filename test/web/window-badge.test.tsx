// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { WindowBadge } from '../../web/src/ui/WindowBadge.tsx'
import { renderIn } from './render.tsx'

const NOW = Date.parse('2025-03-01T12:00:00Z')
const inMinutes = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()

describe('the window badge', () => {
  it('says "open" while more than three hours are left', async () => {
    await renderIn(<WindowBadge closesAt={inMinutes(20 * 60)} now={NOW} />)
    expect(screen.getByText('Window open')).toBeTruthy()
  })

  it('counts down in the last three hours, rounding up to the minute', async () => {
    await renderIn(<WindowBadge closesAt={inMinutes(2 * 60 + 5)} now={NOW} />)
    expect(screen.getByText('Window closes in 2 h 5 min')).toBeTruthy()
  })

  it('shows minutes alone in the last hour, and in Russian when asked', async () => {
    await renderIn(<WindowBadge closesAt={inMinutes(42)} now={NOW - 30_000} />, 'ru')
    expect(screen.getByText('Окно закроется через 43 мин')).toBeTruthy()
  })

  it('says "closed" at the closing instant, after it, and when the window never opened', async () => {
    const { rerender } = await renderIn(<WindowBadge closesAt={inMinutes(0)} now={NOW} />)
    expect(screen.getByText('Window closed')).toBeTruthy()
    rerender(<WindowBadge closesAt={inMinutes(-5)} now={NOW} />)
    expect(screen.getByText('Window closed')).toBeTruthy()
    rerender(<WindowBadge closesAt={null} now={NOW} />)
    expect(screen.getByText('Window closed')).toBeTruthy()
  })
})
