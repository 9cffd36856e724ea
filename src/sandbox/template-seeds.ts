import type { TemplateDefinition } from './sample-templates.js'
import type { TemplateDraft } from './template-model.js'
import { parseDraft } from './template-parse.js'
import { reviewVerdict } from './template-review.js'
import { checkCreateRules } from './template-rules.js'
import { Invalid } from './validate-helpers.js'

/**
 * Templates present when the sandbox starts (docs/platform.md §3). Meta's samples are taken as they are
 * (several break the create-time rules, as Meta's own templates may); the business's own seeds must
 * pass the sandbox's create-time rules and review, so a bad `templates` option fails at start.
 */

export function sampleDraft(def: TemplateDefinition): TemplateDraft {
  return parseDraft(structuredClone(def))
}

export function ownDraft(def: TemplateDefinition, index: number): TemplateDraft {
  try {
    const draft = parseDraft(structuredClone(def))
    checkCreateRules(draft)
    // The seed's own content is judged, not today's policies (rejected languages, re-categorisation).
    const verdict = reviewVerdict(draft, { delayMs: 0, rejectLanguages: [], reclassifyUtilityToMarketing: 'never' })
    if (verdict.kind === 'reject') throw new Error(`would be REJECTED (${verdict.reason}): ${verdict.finding}`)
    return draft
  } catch (e) {
    const why = e instanceof Invalid ? (e.failure.details ?? e.message) : (e as Error).message
    throw new Error(`sandbox option templates[${index}] (${String(def?.name)}): ${why}`, { cause: e })
  }
}
