import { defineRule, hit } from './rule.js'

/**
 * The template language codes Meta lists (its "Supported languages" page: the long-standing 70
 * codes, plus the regional codes seen in the May 2026 revision). A code missing here may still
 * be new, so an unlisted region of a listed language is only a warning.
 */
const SUPPORTED = new Set(
  (
    'af sq ar az bn bg ca zh_CN zh_HK zh_TW hr cs da nl en en_GB en_US et fil fi fr ka de el gu ha he hi hu id ga it ' +
    'ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb fa pl pt_BR pt_PT pa ro ru sr sk sl es es_AR es_ES es_MX sw sv ' +
    'ta te th tr uk ur uz vi zu ' +
    'ar_EG ar_AE ar_LB ar_MA ar_QA be_BY bn_IN prs_AF nl_BE en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ ' +
    'en_QA en_SG en_UG en_ZA fr_BE fr_CA fr_CH fr_CI fr_MA de_AT de_CH ps_AF si_LK es_CL es_CO es_CR es_DO es_EC ' +
    'es_HN es_PA es_PE es_UY'
  ).split(' '),
)

/** Listed codes by base language, for suggestions (`pt` → pt_BR, pt_PT). */
const BY_BASE = new Map<string, string[]>()
for (const code of SUPPORTED) {
  const base = code.split('_')[0]!
  BY_BASE.set(base, [...(BY_BASE.get(base) ?? []), code])
}

const SHAPE = /^[a-z]{2,3}(?:_[A-Z]{2})?$/

/** `pt-BR` → `pt_BR`, `EN_us` → `en_US`: the platform's spelling of a code written another way. */
function respell(code: string): string {
  const [base = '', region] = code.trim().split(/[-_]/)
  return region === undefined ? base.toLowerCase() : `${base.toLowerCase()}_${region.toUpperCase()}`
}

/** Source: docs/platform.md §1.6 and §3.6 "Language" — codes are `ll` or `ll_RR`, with an underscore, case-sensitive. */
export const languageFormat = defineRule({
  id: 'language.format',
  severity: 'error',
  summary: 'Language codes are written like `en`, `en_US` or `pt_BR` (underscore, region in capitals).',
  source: 'Platform doc §1.6, §3.6 (Language); Meta "Supported languages" (codes are case-sensitive)',
  check(template) {
    if (SHAPE.test(template.language)) return []
    const fixed = respell(template.language)
    return [
      hit(
        'language',
        null,
        `Language code ${JSON.stringify(template.language)} is not in the platform's form (\`en\`, \`en_US\`, \`pt_BR\`).`,
        SHAPE.test(fixed) ? `Write it as ${JSON.stringify(fixed)}.` : 'Use one of the platform\'s codes, e.g. "en", "en_US", "tr", "ru", "es", "pt_BR".',
      ),
    ]
  },
})

/**
 * Source: platform doc §3.6 "Language" (supported code) and Meta's "Supported languages" list.
 * Error when the language itself is not offered or only exists with a region (`pt` → pt_BR/pt_PT).
 */
export const languageUnsupported = defineRule({
  id: 'language.unsupported',
  severity: 'error',
  summary: 'The language must be one the platform offers for templates.',
  source: 'Platform doc §3.6 (Language: supported code); Meta "Supported languages"',
  check(template) {
    const code = template.language
    if (!SHAPE.test(code) || SUPPORTED.has(code)) return []
    const [base = ''] = code.split('_')
    const options = BY_BASE.get(base)
    if (options === undefined) {
      return [hit('language', null, `The platform offers no template language ${JSON.stringify(code)}.`, 'Pick a language from Meta\'s "Supported languages" list.')]
    }
    // A listed language without this region is the next rule's case; only a bare base that needs a region is an error here.
    if (code !== base || options.includes(base)) return []
    return [hit('language', null, `The platform has no plain ${JSON.stringify(base)}; it only offers ${options.join(', ')}.`, `Use ${options.map((o) => JSON.stringify(o)).join(' or ')}.`)]
  },
})

/** Source: Meta's "Supported languages" list — regional codes exist only for some languages (`tr_TR` does not). */
export const languageRegionUnlisted = defineRule({
  id: 'language.region-unlisted',
  severity: 'warning',
  summary: 'A regional code the platform does not list for that language.',
  source: 'Meta "Supported languages" (as of May 2026)',
  check(template) {
    const code = template.language
    if (!SHAPE.test(code) || SUPPORTED.has(code)) return []
    const [base = '', region] = code.split('_')
    const options = BY_BASE.get(base)
    if (region === undefined || options === undefined) return []
    return [
      hit(
        'language',
        null,
        `The platform does not list ${JSON.stringify(code)}; for this language it lists ${options.join(', ')}.`,
        `Use ${options.map((o) => JSON.stringify(o)).join(' or ')} unless Meta has added ${code} since.`,
      ),
    ]
  },
})

export const LANGUAGE_RULES = [languageFormat, languageUnsupported, languageRegionUnlisted]
