import { describe, expect, it } from 'vitest'
import { CATALOGS, catalogsOf } from '../../web/src/i18n/catalogs.ts'

/** The `{{name}}` placeholders a translation fills in. */
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('the inbox translations', () => {
  it('ship the same keys in English and Russian', () => {
    expect(Object.keys(CATALOGS.ru).sort()).toEqual(Object.keys(CATALOGS.en).sort())
  })

  it('fill in the same placeholders in both languages, and none is empty', () => {
    for (const [key, text] of Object.entries(CATALOGS.en)) {
      const other = CATALOGS.ru[key] ?? ''
      expect(other.trim(), key).not.toBe('')
      expect(placeholders(other), key).toEqual(placeholders(text))
    }
  })

  it('define each key in one catalog only: a feature cannot silently replace another one\'s words', () => {
    for (const language of ['en', 'ru'] as const) {
      const seen = new Map<string, number>()
      catalogsOf(language).forEach((catalog, index) => {
        for (const key of Object.keys(catalog)) {
          expect(seen.get(key), `${language}: ${key}`).toBeUndefined()
          seen.set(key, index)
        }
      })
    }
  })
})
