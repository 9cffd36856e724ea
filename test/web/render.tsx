import { cleanup, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach } from 'vitest'
import { i18n } from '../../web/src/i18n/index.ts'

// Vitest runs without globals here, so Testing Library cannot unmount between tests by itself.
afterEach(() => cleanup())

/** Renders in the given UI language (English by default, whatever the machine's locale). */
export async function renderIn(ui: ReactElement, language: 'en' | 'ru' = 'en') {
  await i18n.changeLanguage(language)
  return render(ui)
}
