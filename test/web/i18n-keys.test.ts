import { describe, expect, it } from 'vitest'
import en from '../../web/src/i18n/en.json'
import ru from '../../web/src/i18n/ru.json'

/** The `{{name}}` placeholders a translation fills in. */
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('the inbox translations', () => {
  it('ship the same keys in English and Russian', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort())
  })

  it('fill in the same placeholders in both languages, and none is empty', () => {
    for (const [key, text] of Object.entries(en)) {
      const other = (ru as Record<string, string>)[key] ?? ''
      expect(other.trim(), key).not.toBe('')
      expect(placeholders(other), key).toEqual(placeholders(text))
    }
  })
})
