/**
 * Opt-out and opt-in keywords in inbound messages (issue 5, docs/platform.md §8: honour opt-outs). A
 * message is a keyword only when the whole of it is one, so "stop the lesson at 5?" is not.
 */
export type KeywordAction = 'opt_out' | 'opt_in'

/** One language's keywords, written as people type them; matching folds case and accents. */
export interface KeywordList {
  optOut: readonly string[]
  optIn: readonly string[]
}

/** Keywords per language (`en`, `tr`, …); every language is checked unless the caller narrows it. */
export type KeywordConfig = Readonly<Record<string, KeywordList>>

/**
 * The defaults. Bare "cancel" words (CANCEL, İPTAL, CANCELAR, ОТМЕНА) are left out on purpose: a
 * parent answering a lesson reminder with "İptal" means "cancel the lesson", and an opt-out would
 * also stop every later reminder. Businesses that want them add them to their config.
 */
export const DEFAULT_KEYWORDS: KeywordConfig = Object.freeze({
  en: { optOut: ['STOP', 'STOP ALL', 'STOPALL', 'UNSUBSCRIBE', 'OPT OUT', 'OPTOUT'], optIn: ['START', 'UNSTOP', 'SUBSCRIBE', 'OPT IN'] },
  ru: { optOut: ['СТОП', 'ОТПИСАТЬСЯ', 'ОТПИСКА'], optIn: ['СТАРТ', 'ПОДПИСАТЬСЯ'] },
  tr: { optOut: ['DUR', 'RET', 'ABONELİKTEN ÇIK', 'ABONELİK İPTAL'], optIn: ['BAŞLA', 'BAŞLAT', 'ABONE OL'] },
  es: { optOut: ['PARAR', 'BAJA', 'DAR DE BAJA', 'DETENER'], optIn: ['EMPEZAR', 'INICIAR', 'ALTA', 'COMENZAR'] },
  pt: { optOut: ['SAIR', 'PARAR', 'DESCADASTRAR'], optIn: ['INICIAR', 'COMEÇAR'] },
  de: { optOut: ['STOPP', 'ABMELDEN', 'AUSTRAGEN'], optIn: ['START', 'ANMELDEN'] },
})

/**
 * The keywords every SMS sender must honour, on top of the configured ones: the industry's standard
 * English list, which carriers and providers (Twilio, docs/platform.md §7.4) act on themselves when
 * a message is exactly one of them. CANCEL, END and QUIT are opt-outs here even though WhatsApp
 * leaves them out: a provider blocks the number after them whatever Parley thinks, so Parley must
 * stop too. YES is left out of the opt-ins: a "yes" is usually an answer, and every keyword gets a
 * confirmation.
 */
export const SMS_KEYWORDS: KeywordList = Object.freeze({
  optOut: ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'],
  optIn: ['START', 'UNSTOP'],
})

/** The keywords an inbound SMS is read for: the configured ones, with SMS_KEYWORDS added to English. */
export function withSmsKeywords(keywords: KeywordConfig): KeywordConfig {
  const en = keywords.en ?? { optOut: [], optIn: [] }
  return { ...keywords, en: { optOut: [...en.optOut, ...SMS_KEYWORDS.optOut], optIn: [...en.optIn, ...SMS_KEYWORDS.optIn] } }
}

const EDGE_NOISE = /^[\p{P}\p{S}\p{Z}\p{C}\s]+|[\p{P}\p{S}\p{Z}\p{C}\s]+$/gu

/**
 * The form keywords are compared in: compatibility-decomposed, accents and other marks dropped
 * (so İPTAL, iptal, IPTAL and ıptal agree, as do ё/е and ç/c), lower-cased without locale,
 * punctuation, symbols and emoji at either end removed, inner spaces collapsed.
 */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(EDGE_NOISE, '')
    .replace(/[\p{Z}\s]+/gu, ' ')
}

/**
 * The keyword a whole message is, with the language whose list matched; null when it is none.
 * An opt-out wins over an opt-in if a configuration lists the same word as both.
 */
export function matchKeyword(
  text: string,
  keywords: KeywordConfig = DEFAULT_KEYWORDS,
  languages: readonly string[] = Object.keys(keywords),
): { action: KeywordAction; language: string } | null {
  const folded = foldKeyword(text)
  if (folded === '') return null
  for (const action of ['opt_out', 'opt_in'] as const) {
    for (const language of languages) {
      const list = keywords[language]
      const words = action === 'opt_out' ? list?.optOut : list?.optIn
      if (words?.some((word) => foldKeyword(word) === folded)) return { action, language }
    }
  }
  return null
}

/** Whether an inbound message is an opt-out or opt-in keyword (whole message, any configured language). */
export function classifyKeyword(
  text: string,
  keywords: KeywordConfig = DEFAULT_KEYWORDS,
  languages?: readonly string[],
): KeywordAction | null {
  return matchKeyword(text, keywords, languages)?.action ?? null
}

/**
 * Adds a business's own keywords to a configuration, written `lang:WORD|WORD,lang:WORD`
 * (PARLEY_OPT_OUT_KEYWORDS, PARLEY_OPT_IN_KEYWORDS). Throws on a malformed entry.
 */
export function withExtraKeywords(base: KeywordConfig, optOut: string, optIn: string): KeywordConfig {
  const out: Record<string, KeywordList> = Object.fromEntries(Object.entries(base).map(([l, k]) => [l, { optOut: [...k.optOut], optIn: [...k.optIn] }]))
  const add = (text: string, key: keyof KeywordList) => {
    for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
      const [language, words] = entry.split(':')
      if (!language || !words) throw new Error(`"${entry}" is not language:WORD|WORD`)
      const list = (out[language] ??= { optOut: [], optIn: [] })
      out[language] = { ...list, [key]: [...list[key], ...words.split('|').map((w) => w.trim()).filter(Boolean)] }
    }
  }
  add(optOut, 'optOut')
  add(optIn, 'optIn')
  return out
}
