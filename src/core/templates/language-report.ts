import type { TemplateRecord } from './ports.js'
import type { TemplateStatus } from './status.js'

export interface LanguageReport {
  languages: string[]
  families: Array<{ name: string; languages: Record<string, TemplateStatus | 'missing'>; missing: string[] }>
}

/**
 * For each template family, the state of every expected language: approved, pending, rejected…
 * or missing. Expected languages default to every language any family has, so a gap shows up
 * without configuration.
 */
export function languageReport(templates: readonly TemplateRecord[], expected?: readonly string[]): LanguageReport {
  const languages = expected && expected.length > 0 ? [...expected] : [...new Set(templates.map((t) => t.definition.language))].sort()
  const names = [...new Set(templates.map((t) => t.definition.name))].sort()
  const families = names.map((name) => {
    const states: Record<string, TemplateStatus | 'missing'> = {}
    for (const language of languages) {
      states[language] = templates.find((t) => t.definition.name === name && t.definition.language === language)?.status ?? 'missing'
    }
    for (const t of templates) if (t.definition.name === name && !(t.definition.language in states)) states[t.definition.language] = t.status
    return { name, languages: states, missing: languages.filter((l) => states[l] === 'missing') }
  })
  return { languages, families }
}
