import type { FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'

/**
 * Refuses a NUL character (U+0000) in a path parameter or query value. No id or filter of ours
 * contains one, and PostgreSQL cannot hold one in text: let through, `/v1/webhooks/%00` reached the
 * database and came back as a 500 (a fuzz counterexample).
 */
export async function refuseNulInUrl(request: FastifyRequest): Promise<void> {
  const issues: Array<{ path: string; message: string }> = []
  for (const [where, values] of [['params', request.params], ['querystring', request.query]] as const) {
    if (!values || typeof values !== 'object') continue
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const texts = Array.isArray(value) ? value : [value]
      if (texts.some((text) => typeof text === 'string' && text.includes('\u0000'))) issues.push({ path: `${where}.${name}`, message: 'contains a NUL character' })
    }
  }
  if (issues.length > 0) throw new ParleyError('validation_failed', `Request ${issues.map((i) => i.path).join(', ')} contains a NUL character.`, { issues })
}
