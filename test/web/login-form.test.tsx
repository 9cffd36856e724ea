// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../web/src/api/client.ts'
import type { Session } from '../../web/src/api/types.ts'
import { LoginForm } from '../../web/src/features/auth/LoginForm.tsx'
import { renderIn } from './render.tsx'

const SESSION: Session = { operator: { id: 'op_1', email: 'ann@example.com', name: 'Ann', role: 'operator' }, csrf_token: 'csrf' }

async function submitWith(login: (email: string, password: string) => Promise<Session>, language: 'en' | 'ru' = 'en') {
  const seen: Session[] = []
  await renderIn(<LoginForm login={login} onLoggedIn={(session) => seen.push(session)} />, language)
  const email = language === 'en' ? 'Email' : 'Эл. почта'
  const password = language === 'en' ? 'Password' : 'Пароль'
  fireEvent.change(screen.getByLabelText(email), { target: { value: 'ann@example.com' } })
  fireEvent.change(screen.getByLabelText(password), { target: { value: 'secret' } })
  fireEvent.click(screen.getByRole('button'))
  return seen
}

describe('the login form', () => {
  it('says the credentials were wrong when the API answers login_failed', async () => {
    const seen = await submitWith(async () => {
      throw new ApiError('login_failed', 'Wrong email or password.', 401, {})
    })
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.')
    expect(seen).toEqual([])
  })

  it('asks to wait when the API answers rate_limited, in the chosen language', async () => {
    await submitWith(async () => {
      throw new ApiError('rate_limited', 'Too many requests', 429, {})
    }, 'ru')
    expect((await screen.findByRole('alert')).textContent).toBe('Слишком много попыток. Подождите минуту и попробуйте снова.')
  })

  it('hands over the session after a good login, with the email and password typed', async () => {
    const calls: string[][] = []
    const seen = await submitWith(async (email, password) => {
      calls.push([email, password])
      return SESSION
    })
    await screen.findByRole('button', { name: 'Sign in' })
    expect(calls).toEqual([['ann@example.com', 'secret']])
    expect(seen).toEqual([SESSION])
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
