/** The `@…` being typed just before the caret, or null: what the suggestions filter by. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret))
  if (!match) return null
  const query = match[2]!
  return { start: caret - query.length - 1, query }
}

/** Operators whose name (or a word of it) starts with what was typed, at most `limit`. */
export function suggestOperators<T extends { name: string }>(operators: readonly T[], query: string, limit = 5): T[] {
  const q = query.toLowerCase()
  return operators.filter((o) => o.name.toLowerCase().split(/\s+/).some((word, i, words) => word.startsWith(q) || words.slice(i).join(' ').startsWith(q))).slice(0, limit)
}
