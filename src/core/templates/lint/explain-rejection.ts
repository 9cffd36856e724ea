import type { LintFinding } from './finding.js'

/**
 * Which rules most likely explain each rejection reason the platform gives (docs/platform.md §3.4):
 * groups, most likely first; within a group errors come before warnings. An entry ending in `.`
 * is a rule-id prefix, otherwise an exact id.
 */
const SUSPECTS: Record<string, readonly (readonly string[])[]> = {
  // Format: variable syntax and placement, lengths, samples, buttons, URLs — and a language
  // mismatch, which the platform reports as INVALID_FORMAT (§3.6).
  INVALID_FORMAT: [
    ['variables.', 'body.', 'samples.', 'header.', 'footer.', 'url.', 'buttons.', 'language.', 'name.', 'authentication.'],
    ['content.', 'formatting.'],
  ],
  // The content does not fit the declared category ("tag").
  TAG_CONTENT_MISMATCH: [['category.'], ['authentication.']],
  INCORRECT_CATEGORY: [['category.'], ['authentication.']],
  CATEGORY_NOT_AVAILABLE: [['category.'], ['authentication.']],
  PROMOTIONAL: [['category.promotional-in-utility'], ['category.vague-content', 'category.', 'formatting.emoji-count']],
  ABUSIVE_CONTENT: [['policy.'], ['url.shortener', 'content.']],
  SCAM: [['policy.'], ['url.shortener', 'category.otp-outside-authentication'], ['url.']],
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const

function suspectRank(reason: string | null, rule: string): number {
  const suspects = reason === null ? undefined : SUSPECTS[reason.trim().toUpperCase()]
  if (suspects === undefined) return -1
  return suspects.findIndex((group) => group.some((s) => (s.endsWith('.') ? rule.startsWith(s) : rule === s)))
}

/**
 * The findings that most likely explain a platform rejection, most likely first. With a known
 * reason (INVALID_FORMAT, TAG_CONTENT_MISMATCH, INCORRECT_CATEGORY, PROMOTIONAL, ABUSIVE_CONTENT,
 * SCAM…) the findings of the matching rules come first, then every other error and warning; with
 * no reason (null, `NONE`, or one Parley does not know) all errors, then all warnings. Infos
 * appear only when they match the reason. Order within a group is lint order.
 */
export function explainRejection(reason: string | null, findings: readonly LintFinding[]): LintFinding[] {
  const ranked = findings.map((finding, index) => ({ finding, index, suspect: suspectRank(reason, finding.rule) }))
  return ranked
    .filter(({ finding, suspect }) => suspect >= 0 || finding.severity !== 'info')
    .sort((a, b) => {
      const aSuspect = a.suspect >= 0
      const bSuspect = b.suspect >= 0
      if (aSuspect !== bSuspect) return aSuspect ? -1 : 1
      if (aSuspect && a.suspect !== b.suspect) return a.suspect - b.suspect
      return SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index
    })
    .map(({ finding }) => finding)
}
