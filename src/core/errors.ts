/**
 * The one closed list of error codes Parley answers with. Codes are stable API: clients match on
 * them, so a code is never renamed or reused; new situations get new codes.
 */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_phone',
  'unauthorized',
  'login_failed',
  'csrf_failed',
  'operator_exists',
  'team_exists',
  'team_not_found',
  'forbidden',
  'not_found',
  'idempotency_conflict',
  'batch_too_large',
  'unknown_sender',
  'payload_too_large',
  'unsupported_media_type',
  'webhook_signature_invalid',
  'webhook_verification_failed',
  'webhook_malformed',
  'webhook_url_forbidden',
  'rules_invalid',
  'rate_card_invalid',
  'budget_invalid',
  'budget_exhausted',
  'payment_link_not_configured',
  'contact_external_id_missing',
  'template_not_found',
  'template_not_approved',
  'template_params_invalid',
  'template_lint_failed',
  'template_in_review',
  'templates_unavailable',
  'contact_opted_out',
  'channel_unsupported_content',
  'provider_refused',
  'provider_unavailable',
  'rate_limited',
  'range_invalid',
  'range_too_long',
  'unavailable',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** A failure of one item (of a batch) as data: the same code and shape as a ParleyError. */
export interface ItemError {
  code: ErrorCode
  message: string
  details?: unknown
}

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
