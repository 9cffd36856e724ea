/**
 * JSON with object keys sorted and `undefined` members dropped: equal values give equal text.
 *
 * Iterative on purpose: it hashes whole request bodies for idempotency, before (and whatever) the
 * per-item validation decides, so a body nested thousands of levels deep must not overflow the
 * stack. Work is a stack of values still to write and literal text to emit between them.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  const work: Array<{ value: unknown } | string> = [{ value }]
  while (work.length > 0) {
    const next = work.pop()!
    if (typeof next === 'string') {
      out.push(next)
      continue
    }
    const v = next.value
    if (Array.isArray(v)) {
      // Pushed in reverse, so that they pop in order.
      work.push(']')
      for (let i = v.length - 1; i >= 0; i--) {
        work.push({ value: v[i] })
        if (i > 0) work.push(',')
      }
      out.push('[')
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      work.push('}')
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, member] = entries[i]!
        work.push({ value: member })
        work.push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`)
      }
      out.push('{')
    } else {
      out.push(JSON.stringify(v) ?? 'null')
    }
  }
  return out.join('')
}
