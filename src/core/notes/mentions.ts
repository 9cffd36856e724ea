/**
 * `@mentions` in an internal note, resolved to operators. A mention is `@` followed by an
 * operator's name, the first word of it, or their e-mail address's local part, in any case, at the
 * start of the text or after a character that is not part of a word (so `ann@example.com` mentions
 * nobody). The longest handle that fits wins (`@Ann Lee` over `@Ann`); a handle that fits several
 * operators, or none, stays plain text.
 */

export interface MentionableOperator {
  id: string
  name: string
  email: string
}

export interface MentionSpan {
  /** Offsets into the text, the `@` included. */
  start: number
  end: number
  operatorId: string
}

export interface ParsedMentions {
  /** Each mentioned operator once, in order of first mention. */
  operatorIds: string[]
  spans: MentionSpan[]
}

const WORD = /[\p{L}\p{N}_]/u

function handlesOf(operator: MentionableOperator): string[] {
  const name = operator.name.trim().replace(/\s+/g, ' ')
  const first = name.split(' ')[0] ?? ''
  const local = operator.email.split('@')[0] ?? ''
  return [...new Set([name, first, local].map((h) => h.toLowerCase()).filter((h) => h.length > 0))]
}

/** Handle → the operators it names; a handle with two or more is ambiguous. */
function handleIndex(operators: readonly MentionableOperator[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>()
  for (const operator of operators) {
    for (const handle of handlesOf(operator)) {
      const ids = index.get(handle) ?? new Set<string>()
      ids.add(operator.id)
      index.set(handle, ids)
    }
  }
  return index
}

/** The operators a note's text mentions, and where. */
export function parseMentions(text: string, operators: readonly MentionableOperator[]): ParsedMentions {
  const index = handleIndex(operators)
  // Longest first, so that the first fit at a position is the longest one.
  const handles = [...index.keys()].sort((a, b) => b.length - a.length)
  const lower = text.toLowerCase()
  const spans: MentionSpan[] = []
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD.test(text[at - 1]!)) continue
    const rest = lower.slice(at + 1)
    const handle = handles.find((h) => rest.startsWith(h) && !WORD.test(rest[h.length] ?? ''))
    if (handle === undefined) continue
    const ids = index.get(handle)!
    if (ids.size !== 1) continue
    const end = at + 1 + handle.length
    spans.push({ start: at, end, operatorId: [...ids][0]! })
    at = end - 1
  }
  return { operatorIds: [...new Set(spans.map((s) => s.operatorId))], spans }
}
