import { describe, expect, it } from 'vitest'
import { applyKeyword, KEYWORD_SOURCE, SMS_KEYWORD_SOURCE } from '../../../src/core/notifications/apply-keyword.js'
import { confirmationText, DEFAULT_CONFIRMATIONS } from '../../../src/core/notifications/keyword-confirmations.js'
import { classifyKeyword, DEFAULT_KEYWORDS, foldKeyword, matchKeyword, withSmsKeywords, type KeywordConfig } from '../../../src/core/notifications/keywords.js'

describe('classifyKeyword with the default lists', () => {
  it.each([
    // English
    ['STOP', 'opt_out'],
    ['stop', 'opt_out'],
    ['  Stop  ', 'opt_out'],
    ['STOP!', 'opt_out'],
    ['"stop."', 'opt_out'],
    ['🛑 STOP 🛑', 'opt_out'],
    ['Unsubscribe', 'opt_out'],
    ['stop   all', 'opt_out'],
    ['opt-out', null], // inner punctuation is part of the word
    ['START', 'opt_in'],
    ['start.', 'opt_in'],
    ['Ｓｔｏｐ', 'opt_out'], // full-width
    // Russian (Cyrillic case folding)
    ['СТОП', 'opt_out'],
    ['стоп', 'opt_out'],
    ['Стоп!', 'opt_out'],
    ['отписаться', 'opt_out'],
    ['«Отписка»', 'opt_out'],
    ['старт', 'opt_in'],
    ['Подписаться', 'opt_in'],
    // Turkish: İ/ı and ç/ş fold with and without the Turkish letters
    ['DUR', 'opt_out'],
    ['dur', 'opt_out'],
    ['Dur.', 'opt_out'],
    ['RET', 'opt_out'],
    ['ABONELİKTEN ÇIK', 'opt_out'],
    ['abonelikten çık', 'opt_out'],
    ['ABONELIKTEN CIK', 'opt_out'],
    ['abonelik iptal', 'opt_out'],
    ['Abonelik İptal', 'opt_out'],
    ['ABONELİK IPTAL', 'opt_out'],
    ['BAŞLA', 'opt_in'],
    ['başla', 'opt_in'],
    ['BASLA', 'opt_in'],
    ['Başlat!', 'opt_in'],
    ['İptal', null], // bare "cancel" is left out on purpose
    ['iptal', null],
    // Spanish and Portuguese
    ['PARAR', 'opt_out'],
    ['¡Parar!', 'opt_out'],
    ['baja', 'opt_out'],
    ['Dar de baja', 'opt_out'],
    ['EMPEZAR', 'opt_in'],
    ['¿Iniciar?', 'opt_in'],
    ['SAIR', 'opt_out'],
    ['começar', 'opt_in'],
    ['COMECAR', 'opt_in'],
    ['cancelar', null],
    // German
    ['STOPP', 'opt_out'],
    ['Abmelden', 'opt_out'],
    ['anmelden', 'opt_in'],
    // Not keywords: more than the keyword, or nothing at all
    ['stop the lesson please', null],
    ['Please STOP', null],
    ['stopping', null],
    ['Yes', null],
    ['cancel', null],
    ['', null],
    ['   ', null],
    ['!!!', null],
  ] as const)('%j → %s', (text, expected) => {
    expect(classifyKeyword(text)).toBe(expected)
  })
})

describe('classifyKeyword configuration', () => {
  const config: KeywordConfig = {
    tr: { optOut: ['DUR', 'İPTAL'], optIn: ['BAŞLA'] },
    en: { optOut: ['STOP'], optIn: ['START', 'STOP'] },
  }

  it('uses the configured lists instead of the defaults', () => {
    expect(classifyKeyword('iptal', config)).toBe('opt_out')
    expect(classifyKeyword('IPTAL', config)).toBe('opt_out')
    expect(classifyKeyword('СТОП', config)).toBeNull()
  })

  it('checks every language unless narrowed', () => {
    expect(classifyKeyword('dur', config)).toBe('opt_out')
    expect(classifyKeyword('dur', config, ['en'])).toBeNull()
    expect(classifyKeyword('stop', DEFAULT_KEYWORDS, ['ru'])).toBeNull()
    expect(classifyKeyword('stop', DEFAULT_KEYWORDS, ['xx'])).toBeNull()
  })

  it('prefers opt-out when a word is configured as both', () => {
    expect(classifyKeyword('stop', config)).toBe('opt_out')
  })

  it('says which language matched', () => {
    expect(matchKeyword('Başla')).toEqual({ action: 'opt_in', language: 'tr' })
    expect(matchKeyword('PARAR')).toEqual({ action: 'opt_out', language: 'es' })
    expect(matchKeyword('PARAR', DEFAULT_KEYWORDS, ['pt', 'es'])).toEqual({ action: 'opt_out', language: 'pt' })
    expect(matchKeyword('hello')).toBeNull()
  })

  it('folds text to a comparable form', () => {
    expect(foldKeyword('  İPTAL!! ')).toBe('iptal')
    expect(foldKeyword('Ёлка')).toBe('елка')
    expect(foldKeyword('a \u00a0\t b')).toBe('a b')
  })
})

describe('confirmations', () => {
  it.each(Object.keys(DEFAULT_CONFIRMATIONS))('%s: each confirmation names a keyword that undoes it', (language) => {
    const texts = DEFAULT_CONFIRMATIONS[language]!
    const words = (text: string) => text.split(/[\s,.!]+/).filter((w) => w.length > 1 && w === w.toUpperCase())
    expect(words(texts.optOut).some((w) => classifyKeyword(w) === 'opt_in')).toBe(true)
    expect(words(texts.optIn).some((w) => classifyKeyword(w) === 'opt_out')).toBe(true)
  })

  it('covers every default keyword language', () => {
    expect(Object.keys(DEFAULT_CONFIRMATIONS).sort()).toEqual(Object.keys(DEFAULT_KEYWORDS).sort())
  })

  it.each([
    ['opt_out', ['tr'], 'tr', DEFAULT_CONFIRMATIONS.tr!.optOut],
    ['opt_in', ['tr'], 'tr', DEFAULT_CONFIRMATIONS.tr!.optIn],
    ['opt_out', [null, 'ru'], 'ru', DEFAULT_CONFIRMATIONS.ru!.optOut],
    ['opt_out', ['pt_BR'], 'pt', DEFAULT_CONFIRMATIONS.pt!.optOut],
    ['opt_out', ['fr', 'es'], 'es', DEFAULT_CONFIRMATIONS.es!.optOut],
    ['opt_in', ['fr'], 'en', DEFAULT_CONFIRMATIONS.en!.optIn],
    ['opt_in', [], 'en', DEFAULT_CONFIRMATIONS.en!.optIn],
  ] as const)('%s for %j → %s', (action, languages, language, text) => {
    expect(confirmationText(action, languages)).toEqual({ language, text })
  })

  it('fails loudly when configured texts lack the fallback', () => {
    expect(() => confirmationText('opt_out', ['fr'], {})).toThrow(RangeError)
  })
})

describe('applyKeyword: one confirmation per change', () => {
  const AT = Date.UTC(2026, 10, 25, 19, 30)
  const out = { granted: true, source: KEYWORD_SOURCE, at: AT - 1000 }
  it.each([
    ['never opted out, STOP', null, 'opt_out', { kind: 'change', optOut: { granted: true, source: KEYWORD_SOURCE, at: AT }, confirm: 'opt_out' }],
    ['opted out, STOP again', out, 'opt_out', { kind: 'unchanged' }],
    ['opted out, START', out, 'opt_in', { kind: 'change', optOut: null, confirm: 'opt_in' }],
    ['not opted out, START', null, 'opt_in', { kind: 'unchanged' }],
  ] as const)('%s', (_name, optOut, action, effect) => {
    expect(applyKeyword({ optOut }, action, AT)).toEqual(effect)
  })
})

describe('the SMS keywords', () => {
  const sms = withSmsKeywords(DEFAULT_KEYWORDS)
  it.each([
    ['STOP', 'opt_out', 'opt_out'],
    ['StopAll', 'opt_out', 'opt_out'],
    ['UNSUBSCRIBE', 'opt_out', 'opt_out'],
    // The carriers' words WhatsApp leaves out ("İptal" / "cancel" often means the lesson).
    ['Cancel', null, 'opt_out'],
    ['end', null, 'opt_out'],
    ['QUIT', null, 'opt_out'],
    ['revoke', null, 'opt_out'],
    ['START', 'opt_in', 'opt_in'],
    ['unstop', 'opt_in', 'opt_in'],
    // A "yes" is an answer, not an opt-in, on either channel.
    ['YES', null, null],
    ['cancel my lesson', null, null],
  ])('%s: WhatsApp %s, SMS %s', (text, onWhatsApp, onSms) => {
    expect(classifyKeyword(text, DEFAULT_KEYWORDS)).toBe(onWhatsApp)
    expect(classifyKeyword(text, sms)).toBe(onSms)
  })

  it("keeps the business's own keywords in every language and adds the SMS ones to English", () => {
    const own: KeywordConfig = { tr: { optOut: ['İPTAL'], optIn: [] } }
    const merged = withSmsKeywords(own)
    expect(classifyKeyword('iptal', merged)).toBe('opt_out')
    expect(classifyKeyword('QUIT', merged)).toBe('opt_out')
    expect(merged.tr).toEqual(own.tr)
  })

  it('records an SMS opt-out with its own source', () => {
    const AT = Date.UTC(2026, 10, 25, 19, 30)
    expect(applyKeyword({ optOut: null }, 'opt_out', AT, SMS_KEYWORD_SOURCE)).toEqual({ kind: 'change', optOut: { granted: true, source: 'sms_keyword', at: AT }, confirm: 'opt_out' })
  })
})
