import type { TemplateStatus } from './status.js'

/** Language fallbacks: for a language, which to try next (`'*'`: for any language). */
export type FallbackChain = Readonly<Record<string, readonly string[]>>

/** `pt_BR` → `pt`: the language without its region. */
export function baseLanguage(code: string): string {
  return code.split('_')[0]!.toLowerCase()
}

/**
 * The language to send a template family in: the preferred language if approved, else the same
 * language in another region (`en` for `en_US`), then the fallback chain (e.g. `tr → en`), then
 * the `'*'` fallbacks. Null when no candidate is approved.
 */
export function chooseLanguage(
  available: ReadonlyArray<{ language: string; status: TemplateStatus }>,
  preferred: readonly string[],
  fallback: FallbackChain,
): string | null {
  const approved = available.filter((t) => t.status === 'approved').map((t) => t.language)
  const candidates = [...preferred, ...preferred.flatMap((p) => fallback[p] ?? fallback[baseLanguage(p)] ?? []), ...(fallback['*'] ?? [])]
  for (const wanted of candidates) {
    if (approved.includes(wanted)) return wanted
    const sameBase = approved.find((code) => baseLanguage(code) === baseLanguage(wanted))
    if (sameBase) return sameBase
  }
  return null
}

/** Parses `tr:en,ru:en,*:en` (PARLEY_TEMPLATE_FALLBACK) into a chain; several targets with `|`: `pt_BR:pt|es`. */
export function parseFallbackChain(text: string): FallbackChain {
  const chain: Record<string, string[]> = {}
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [from, to] = part.split(':')
    if (!from || !to) throw new Error(`"${part}" is not language:fallback`)
    chain[from] = [...(chain[from] ?? []), ...to.split('|').filter(Boolean)]
  }
  return chain
}
