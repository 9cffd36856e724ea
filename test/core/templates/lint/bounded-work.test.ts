import { describe, expect, it } from 'vitest'
import { templateSchema, toDefinition, type TemplateInputJson } from '../../../../src/core/templates/definition-schema.js'
import { lintTemplate } from '../../../../src/core/templates/lint/lint-template.js'
import { edgeCap, TEMPLATE_LIMITS } from '../../../../src/core/templates/limits.js'
import type { TemplateDefinition } from '../../../../src/core/templates/model.js'

/**
 * Text of exactly `length` characters built from the shapes that once made rules quadratic: long
 * runs of `{` (placeholder scan), of `[` and `](` (Markdown links), of address characters with
 * no `@` (e-mail masking), many variables with bad samples, and plain words (near-duplicate).
 */
function hostile(length: number): string {
  const run = Math.max(1, Math.floor(length / 6))
  const variables = Array.from({ length: Math.ceil(run / 7) }, (_, i) => `{{v${i}}} `).join('')
  const pieces = ['{'.repeat(run), '['.repeat(run), '[a]('.repeat(Math.ceil(run / 4)), 'a.'.repeat(Math.ceil(run / 2)), variables, 'lesson '.repeat(Math.ceil(run / 7))]
  return pieces.join('').padEnd(length, ' word').slice(0, length)
}

/** The largest template the edge accepts: every text at its cap, as many buttons as allowed. */
function largest(name: string): TemplateDefinition {
  const buttons: TemplateInputJson['buttons'] = Array.from({ length: 20 }, (_, i) =>
    i % 2 === 0
      ? { type: 'url' as const, text: hostile(edgeCap(TEMPLATE_LIMITS.buttonText)), url: 'https://school.example/' + hostile(edgeCap(TEMPLATE_LIMITS.url) - 23), example: 'x'.repeat(edgeCap(TEMPLATE_LIMITS.url)) }
      : { type: 'quick_reply' as const, text: hostile(edgeCap(TEMPLATE_LIMITS.buttonText)) },
  )
  const input = templateSchema.parse({
    name,
    language: 'en',
    category: 'UTILITY',
    header: hostile(edgeCap(TEMPLATE_LIMITS.headerText)),
    body: hostile(edgeCap(TEMPLATE_LIMITS.body)),
    footer: hostile(edgeCap(TEMPLATE_LIMITS.footer)),
    buttons,
    // A sample with a newline for every variable (samples.format looks each one up).
    examples: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`v${i}`, `y\n${'y'.repeat(edgeCap(TEMPLATE_LIMITS.body) - 2)}`])),
  })
  return toDefinition(input, input)
}

const TRIVIAL = toDefinition(...((i) => [i, i] as const)(templateSchema.parse({ name: 'hi', language: 'en', category: 'UTILITY', body: 'Hello {{1}}, see you soon.', examples: { '1': 'Anna' } })))

function medianMs(run: () => void, times: number): number {
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!
}

describe('lint work is bounded by the edge', () => {
  it('lints the largest accepted template within a constant factor of a trivial one', () => {
    const big = largest('big')
    // Other large templates of the same language and length, so near-duplicate compares for real.
    const existing = [largest('other_a'), largest('other_b'), TRIVIAL]
    const context = { existing }
    lintTemplate(big, context) // warm up: regexes, caches, the language detector
    const trivial = medianMs(() => lintTemplate(TRIVIAL, context), 9)
    const largestMs = medianMs(() => lintTemplate(big, context), 9)
    // The largest template has ~3,000 times the text of the trivial one. With the quadratic rules
    // this ratio was ~7,700 on a 2-core machine; linear rules keep it near 100 (the trivial lint
    // is mostly fixed cost). A ratio of times, not a time: it holds on a slower machine.
    expect(largestMs / Math.max(trivial, 0.05)).toBeLessThan(500)
  })

  it('reports a gap before {{99999999}} without walking every missing number', () => {
    const findings = lintTemplate(toDefinition(...((i) => [i, i] as const)(templateSchema.parse({ name: 'gap', language: 'en', category: 'UTILITY', body: 'Hi {{1}}, your code {{99999999}} is ready.' }))))
    const gap = findings.find((f) => f.rule === 'variables.sequence')
    expect(gap?.message).toContain('but not {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}}, {{9}}, {{10}}, {{11}}, …;')
  })
})
