/**
 * The one closed list of error codes Parley answers with. Codes are stable API: clients match on
 * them, so a code is never renamed or reused; new situations get new codes.
 */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_phone',
  'unauthorized',
  'not_found',
  'idempotency_conflict',
  'batch_too_large',
  'unknown_sender',
  'payload_too_large',
  'unsupported_media_type',
  'webhook_signature_invalid',
  'webhook_verification_failed',
  'webhook_malformed',
  'rate_limited',
  'unavailable',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** An expected failure with a stable code; anything else reaching an edge is answered as `internal`. */
export class ParleyError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ParleyError'
    this.code = code
    this.details = details
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError
}
