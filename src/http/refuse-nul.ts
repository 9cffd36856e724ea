import type { FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'

type Issue = { path: string; message: string }

/** Where a NUL character hides in a JSON value, as `body.a.0.b` paths; a loop, not recursion (bodies can nest deep). */
function nulPaths(value: unknown, root: string, limit: number): string[] {
  const found: string[] = []
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }]
  while (pending.length > 0 && found.length < limit) {
    const { value: next, path } = pending.pop()!
    if (typeof next === 'string') {
      if (next.includes('\u0000')) found.push(path)
    } else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) {
        if (key.includes('\u0000')) found.push(`${path}.${key}`)
        pending.push({ value: child, path: `${path}.${key}` })
      }
    }
  }
  return found
}

/**
 * Refuses a NUL character (U+0000) anywhere in an API request: path parameters, query values and
 * JSON bodies. No text of ours contains one, and PostgreSQL cannot store one in text, so let through
 * it was a 500 there and not on SQLite (fuzz counterexamples: `DELETE /v1/webhooks/%00`, a contact
 * name with `\u0000`). Provider webhooks are not checked here: their bytes are stored as received.
 */
export async function refuseNul(request: FastifyRequest): Promise<void> {
  if (!request.url.startsWith('/v1/')) return
  const issues: Issue[] = []
  for (const [where, values] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
    for (const path of nulPaths(values, where, 10)) issues.push({ path, message: 'contains a NUL character' })
  }
  if (issues.length > 0) throw new ParleyError('validation_failed', `Request ${issues.map((i) => i.path).join(', ')} contains a NUL character.`, { issues })
}
