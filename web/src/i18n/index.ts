import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { CATALOGS } from './catalogs.ts'

export const LANGUAGES = { en: 'English', ru: 'Русский' } as const
export type Language = keyof typeof LANGUAGES

const STORAGE_KEY = 'parley.language'

function isLanguage(value: string | null | undefined): value is Language {
  return value != null && value in LANGUAGES
}

/** The operator's choice if made, else the browser's first language we ship, else English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

/** Switches the UI language and remembers the choice in this browser. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language)
  } catch {
    // Storage refused (private mode): the choice lasts until the page is reloaded.
  }
  document.documentElement.lang = language
  await i18next.changeLanguage(language)
}

const initial = pickLanguage(storedLanguage(), globalThis.navigator?.languages ?? [])
if (typeof document !== 'undefined') document.documentElement.lang = initial

// The keys are flat ("login.email"), so neither '.' nor ':' separates anything.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: CATALOGS.en }, ru: { translation: CATALOGS.ru } },
  lng: initial,
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
})

export const i18n = i18next
