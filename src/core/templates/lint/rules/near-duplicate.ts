import type { TemplateDefinition } from '../../model.js'
import { defineRule, hit, type Hit } from './rule.js'

/**
 * Word-level similarity (1 − edit distance / longer length) at or above which two bodies+footers
 * count as near-duplicates. Meta publishes no figure. At 0.85 a 20-word message may differ in
 * at most 3 words — the reader gets the same message, and a reviewer comparing it with the
 * existing template sees a copy; below that the texts start to say different things (e.g. "Your
 * lesson is confirmed" vs "Your lesson is cancelled" is 0.75).
 */
export const NEAR_DUPLICATE = 0.85

const TOKEN = /\{\{[^{}\n]*\}\}|[\p{L}\p{N}]+/gu
const VARIABLE = '\u0000var'
/** Tokenised body+footer per template object: a folder push lints every template against all the others. */
const cache = new WeakMap<TemplateDefinition, string[]>()

/** Body and footer as lowercase words, every variable one token, punctuation and spacing ignored. */
export function contentTokens(template: TemplateDefinition): string[] {
  const cached = cache.get(template)
  if (cached !== undefined) return cached
  const text = `${template.body.text}\n${template.footer ?? ''}`.normalize('NFKC').toLowerCase()
  const tokens = [...text.matchAll(TOKEN)].map((m) => (m[0].startsWith('{{') ? VARIABLE : m[0]))
  cache.set(template, tokens)
  return tokens
}

/**
 * Tokens compared for near-duplicates. A body+footer the platform accepts (1,024 + 60 characters,
 * docs/platform.md §3.6) holds at most ~545 tokens, so the comparison is exact for every template
 * that could be submitted; a longer one (already a body.length error) is compared on its first
 * COMPARED tokens, which keeps the rule's work per pair bounded whatever the input.
 */
export const COMPARED = 600

/**
 * 1 − (word edit distance ÷ the longer length), or null when it is clearly below `threshold`.
 * Only edit distances up to (1 − threshold) × longer matter, so only that band around the
 * diagonal is computed (Ukkonen): O(length × band) instead of O(length²), with an early exit once
 * a whole row is past the band. The band is rounded up: the caller still compares the score.
 */
export function similarityAtLeast(a: readonly string[], b: readonly string[], threshold: number): number | null {
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  const limit = Math.ceil((1 - threshold) * longer)
  if (Math.abs(a.length - b.length) > limit) return null
  const beyond = limit + 1
  // Two rows, reused; a cell outside the band reads as `beyond` (more than the limit).
  let previous = Int32Array.from({ length: b.length + 1 }, (_, j) => Math.min(j, beyond))
  let current = new Int32Array(b.length + 1).fill(beyond)
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - limit)
    const hi = Math.min(b.length, i + limit)
    current[lo - 1] = lo === 1 ? Math.min(i, beyond) : beyond
    if (hi === i + limit) previous[hi] = beyond
    let best = current[lo - 1]!
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const cell = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost, beyond)
      current[j] = cell
      if (cell < best) best = cell
    }
    if (best > limit) return null
    ;[previous, current] = [current, previous]
  }
  const distance = previous[b.length]!
  return distance > limit ? null : 1 - distance / longer
}

/** The other templates of the same language this one is compared with (not itself, not AUTHENTICATION). */
function rivals(template: TemplateDefinition, existing: readonly TemplateDefinition[]): TemplateDefinition[] {
  if (template.category === 'AUTHENTICATION') return []
  return existing.filter((other) => other.language === template.language && other.name !== template.name && other.category !== 'AUTHENTICATION')
}

/**
 * Source: docs/platform.md §3.6 "Content/policy" — a template may not duplicate an existing
 * template's body+footer (AUTHENTICATION exempt). Compared after normalising case, spacing,
 * punctuation and variables (`{{1}}` and `{{child_name}}` are the same token).
 */
export const contentDuplicate = defineRule({
  id: 'content.duplicate',
  severity: 'error',
  summary: 'Body+footer identical to another template of the same language.',
  source: 'Platform doc §3.6 (Content/policy: no duplicate of an existing template\'s body+footer; auth exempt)',
  check(template, context) {
    const mine = contentTokens(template)
    const hits: Hit[] = []
    for (const other of rivals(template, context.existing)) {
      const theirs = contentTokens(other)
      if (mine.length !== theirs.length || mine.some((t, i) => t !== theirs[i])) continue
      hits.push(hit('body', { start: 0, end: template.body.text.length }, `Body and footer are the same as the existing template "${other.name}" (${other.language}) once spacing, case and variable names are ignored.`, `Use "${other.name}" instead, or change this one so it says something different.`))
    }
    return hits
  },
})

/** Source: platform doc §3.6 "Content/policy" (duplicates of body+footer are rejected); the threshold is ours, see NEAR_DUPLICATE. */
export const contentNearDuplicate = defineRule({
  id: 'content.near-duplicate',
  severity: 'warning',
  summary: `Body+footer at least ${Math.round(NEAR_DUPLICATE * 100)}% the same (word edit distance) as another template of the same language.`,
  source: 'Platform doc §3.6 (Content/policy: duplicates rejected); threshold: Parley',
  check(template, context) {
    const mine = contentTokens(template).slice(0, COMPARED)
    const hits: Hit[] = []
    for (const other of rivals(template, context.existing)) {
      const theirs = contentTokens(other).slice(0, COMPARED)
      // Edit distance is at least the length difference: skip pairs that cannot reach the threshold.
      const longer = Math.max(mine.length, theirs.length)
      if (longer === 0 || Math.abs(mine.length - theirs.length) / longer > 1 - NEAR_DUPLICATE) continue
      const score = similarityAtLeast(mine, theirs, NEAR_DUPLICATE)
      if (score === null || score < NEAR_DUPLICATE || score === 1) continue
      hits.push(hit('body', { start: 0, end: template.body.text.length }, `Body and footer are ${Math.round(score * 100)}% the same as the existing template "${other.name}" (${other.language}); the platform rejects duplicates of an existing template.`, `Reuse or edit "${other.name}" instead of adding a near-copy, or make the difference substantive.`))
    }
    return hits
  },
})

export const DUPLICATE_RULES = [contentDuplicate, contentNearDuplicate]
