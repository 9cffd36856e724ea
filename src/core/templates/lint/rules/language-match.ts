/**
 * Language detection: eld (Efficient Language Detector, Apache-2.0, pure JavaScript, no
 * dependencies, Node ≥14.17), its static "extrasmall" database — loaded once at import
 * (~130 ms, ~30 MB), then `detect` is synchronous with no I/O (~0.01 ms on a template).
 *
 * Chosen over franc/franc-min (MIT) and tinyld (MIT) on short template-like texts in en, ru,
 * tr, es, pt and de (108 lesson reminders, payment notices and one-liners written for the
 * comparison) eld/extrasmall named 107 right, tinyld 103, tinyld/light 100, franc limited to
 * those six languages 94, franc-min 72, franc 62 — franc confused ru with uk/bg, es with pt/gl
 * and en with fr/sco on one-sentence texts, exactly the mistakes that would make this rule cry
 * wolf. eld's larger databases gained nothing on these texts for 2–4× the memory. Apache-2.0
 * and MIT are both permissive; eld is maintained (2.1.0, Aug 2026).
 */
import { eld } from 'eld/extrasmall'
import { findPlaceholders } from '../../variables.js'
import { defineRule, hit } from './rule.js'
import { EMAIL_IN_TEXT, maskPlaceholders, proseParts, URL_IN_TEXT } from './text.js'

/** Below this many letters (variables, links and numbers removed) detection is a guess: no verdict. */
export const MIN_LETTERS = 20
/**
 * The declared language must score below this share of the winner's score before we warn.
 * Close relatives score close together (ru/be/uk/sr on "Ваш урок подтверждён": 0.80/0.80/0.80/0.79;
 * es/pt on a short pt line: 0.79/0.75), while a text in another language leaves the declared one
 * far behind (en on a Turkish reminder: under 0.6 of tr).
 */
const CLOSE_CALL = 0.9

/** Template base codes the detector names differently, and back (for the suggested code). */
const DETECTOR_CODE: Record<string, string> = { nb: 'no', fil: 'tl', id: 'ms', prs: 'fa' }
const TEMPLATE_CODE: Record<string, string> = { no: 'nb', tl: 'fil', pt: 'pt_BR', zh: 'zh_CN' }
const DETECTABLE = new Set(Object.values(eld.info().Languages))
const NAMES = new Intl.DisplayNames(['en'], { type: 'language' })
const LETTER = /\p{L}/gu

function languageName(code: string): string {
  try {
    return NAMES.of(code) ?? code
  } catch {
    return code
  }
}

/** The template's prose with variables, links and e-mail addresses removed. */
function proseOf(template: Parameters<typeof proseParts>[0]): string {
  return proseParts(template)
    .map((part) => maskPlaceholders(part.text, findPlaceholders(part.text)).replace(URL_IN_TEXT, ' ').replace(EMAIL_IN_TEXT, ' '))
    .join('\n')
}

/**
 * Source: docs/platform.md §3.6 "Language" — content must actually be in the declared language
 * (a mismatch comes back as INVALID_FORMAT); Meta's rejection list: "language defined does not
 * match the content". A warning: detection on short texts is statistical.
 */
export const languageMismatch = defineRule({
  id: 'language.mismatch',
  severity: 'warning',
  summary: 'The text is not in the template\'s declared language.',
  source: 'Platform doc §3.6 (Language: content must be in that language → INVALID_FORMAT); Meta template guidelines',
  check(template) {
    const base = template.language.split('_')[0]!.toLowerCase()
    const declared = DETECTOR_CODE[base] ?? base
    if (!DETECTABLE.has(declared)) return []
    const text = proseOf(template)
    const letters = text.match(LETTER)?.length ?? 0
    if (letters < MIN_LETTERS) return []
    const result = eld.detect(text)
    const detected = result.language
    if (detected === '' || detected === declared || !result.isReliable()) return []
    const scores = result.getScores()
    if ((scores[declared] ?? 0) >= CLOSE_CALL * (scores[detected] ?? 0)) return []
    const name = languageName(detected)
    const body = template.body.text
    const sample = body.length > 60 ? `${body.slice(0, 60)}…` : body
    return [
      hit(
        'language',
        null,
        `The text reads as ${name} (${detected}), but the template is declared ${template.language} (${languageName(base)}): ${JSON.stringify(sample)}. The platform rejects templates whose text is not in their language.`,
        `Write the text in ${languageName(base)}, or declare the template's language as ${name} (${JSON.stringify(TEMPLATE_CODE[detected] ?? detected)}).`,
      ),
    ]
  },
})

export const LANGUAGE_MATCH_RULES = [languageMismatch]
