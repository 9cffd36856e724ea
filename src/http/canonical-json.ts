import { createHash } from 'node:crypto'
import { canonicalJson } from '../core/shared/canonical-json.js'

/** A hash of a JSON value that ignores key order and whitespace: "the same body" for idempotency. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
