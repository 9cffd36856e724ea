// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { pageHash, pageOfHash } from '../../web/src/ui/hash-page.ts'
import { PageNav } from '../../web/src/ui/PageNav.tsx'
import { renderIn } from './render.tsx'

describe('the page navigation', () => {
  it('reads the page from the address, a conversation\'s address being the inbox', () => {
    expect(pageOfHash('#/templates')).toBe('templates')
    expect(pageOfHash('#/dashboard')).toBe('dashboard')
    expect(pageOfHash('#/admin')).toBe('admin')
    expect(pageOfHash('#/conversations/%2B447700900001')).toBe('inbox')
    expect(pageOfHash('')).toBe('inbox')
    // Only whole segments: a page whose name merely starts the same is not it.
    expect(pageOfHash('#/templatesx')).toBe('inbox')
    expect(pageOfHash(pageHash('dashboard'))).toBe('dashboard')
  })

  it('offers the admin page to an admin only, and marks the current page', async () => {
    await renderIn(<PageNav role="operator" current="templates" />)
    expect(screen.queryByRole('link', { name: 'Operators and teams' })).toBeNull()
    expect(screen.getByRole('link', { name: 'Templates' }).getAttribute('aria-current')).toBe('page')
    expect(screen.getByRole('link', { name: 'Inbox' }).getAttribute('aria-current')).toBeNull()
  })

  it('shows the admin page to an admin, in Russian too', async () => {
    await renderIn(<PageNav role="admin" current="admin" />, 'ru')
    expect(screen.getByRole('link', { name: 'Операторы и команды' }).getAttribute('href')).toBe('#/admin')
  })
})
