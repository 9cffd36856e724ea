import { z } from 'zod'

/**
 * How deep free-form JSON (message `metadata`, event `data`) may nest: far more than any real
 * payload needs, and few enough that every recursive walk after the edge (JSON.stringify when
 * storing, the response serializer, rule expressions) stays far from the stack's limit.
 */
export const JSON_MAX_DEPTH = 32

/**
 * Whether a JSON value nests deeper than `limit` levels (`{}` and `[]` are one level, a scalar
 * none). A loop with its own stack, not recursion: the input is what could be too deep to recurse on.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop()!
    if (next === null || typeof next !== 'object') continue
    if (depth + 1 > limit) return true
    for (const child of Array.isArray(next) ? next : Object.values(next)) pending.push({ value: child, depth: depth + 1 })
  }
  return false
}

/**
 * A free-form JSON object field, refused at the edge (400 validation_failed naming the field) when
 * it nests deeper than `JSON_MAX_DEPTH` or is longer than `maxBytes` as JSON. Depth is checked
 * first: measuring the size with JSON.stringify would itself overflow on a too-deep value.
 */
export function boundedJsonObject(maxBytes: number) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    if (nestsDeeperThan(value, JSON_MAX_DEPTH)) {
      ctx.addIssue({ code: 'custom', message: `nested deeper than ${JSON_MAX_DEPTH} levels` })
    } else if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) {
      ctx.addIssue({ code: 'custom', message: `at most ${maxBytes} bytes as JSON` })
    }
  })
}
