/**
 * The Meta error codes the sandbox produces, with HTTP status, title and default details.
 * Meanings come from docs/platform.md §4.2; HTTP statuses follow §1.8 (400 request/policy, 401 token,
 * 5xx platform trouble) since Meta does not publish a status per code.
 */

export const META_ERROR_CODES = [
  2, 100, 190, 130429, 131000, 131008, 131009, 131016, 131021, 131026, 131047, 131049, 131056, 132000, 132001, 132005, 132012, 132015,
  132016, 132018,
] as const

export type MetaErrorCode = (typeof META_ERROR_CODES)[number]

export interface MetaErrorSpec {
  httpStatus: number
  title: string
  details: string
}

/** Exhaustive: adding a code to the list without a spec does not compile. */
export const META_ERRORS: Record<MetaErrorCode, MetaErrorSpec> = {
  // Not in §4.2: Graph's generic "temporarily unavailable" code, which the brief lists among the 5xx answers.
  2: { httpStatus: 503, title: 'Service temporarily unavailable', details: 'Temporary due to downtime or due to being overloaded.' },
  100: { httpStatus: 400, title: 'Invalid parameter', details: 'The request included invalid or unsupported parameters.' },
  190: { httpStatus: 401, title: 'Invalid OAuth access token - Cannot parse access token', details: 'The access token is missing, expired or invalid.' },
  130429: { httpStatus: 400, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  131000: { httpStatus: 500, title: 'Something went wrong', details: 'Message failed to send because of an unknown error.' },
  131008: { httpStatus: 400, title: 'Required parameter is missing', details: 'The request is missing a required parameter.' },
  131009: { httpStatus: 400, title: 'Parameter value is not valid', details: 'One or more parameter values are invalid.' },
  131016: { httpStatus: 503, title: 'Service unavailable', details: 'A service is temporarily unavailable. Please try again later.' },
  131021: { httpStatus: 400, title: 'Recipient cannot be sender', details: 'Sender and recipient phone number is the same.' },
  131026: {
    httpStatus: 400,
    title: 'Message undeliverable',
    details: 'Unable to deliver message: the recipient is not on WhatsApp, uses an old app version or has not accepted the terms.',
  },
  131047: { httpStatus: 400, title: 'Re-engagement message', details: 'More than 24 hours have passed since the customer last replied.' },
  131049: {
    httpStatus: 400,
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'Marketing template not delivered: per-user marketing limit or a US (+1) recipient.',
  },
  131056: {
    httpStatus: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  132000: { httpStatus: 400, title: 'Number of parameters does not match the expected number of params', details: 'Template parameter count mismatch.' },
  132001: { httpStatus: 400, title: 'Template name does not exist in the translation', details: 'Template missing in that language or not approved.' },
  132005: { httpStatus: 400, title: 'Translated text too long', details: 'Hydrated template text is too long.' },
  132012: {
    httpStatus: 400,
    title: 'Parameter format does not match format in the created template',
    details: 'A parameter does not have the type the template expects (e.g. no image for an image header).',
  },
  132015: { httpStatus: 400, title: 'Template is Paused', details: 'Template is paused due to low quality so it cannot be sent in a template message.' },
  132016: { httpStatus: 400, title: 'Template is Disabled', details: 'Template has been paused too many times due to low quality and is now permanently disabled.' },
  132018: {
    httpStatus: 400,
    title: 'There was an issue with the parameters in your template.',
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces.',
  },
}

export const ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/'

/** A refusal as data: the code plus details that name what was wrong. */
export interface MetaFailure {
  code: MetaErrorCode
  details?: string
  /** Overrides the `message` text (Graph's own parameter-validation wording). */
  message?: string
  subcode?: number
  type?: string
  /** Graph's user-facing title and text (`error_user_title`, `error_user_msg`), as template management errors carry them. */
  userTitle?: string
  userMsg?: string
}

export function failure(code: MetaErrorCode, details?: string): MetaFailure {
  return details === undefined ? { code } : { code, details }
}

/** The synchronous Graph error envelope (§1.8). */
export function errorEnvelope(f: MetaFailure, fbtraceId: string): { status: number; body: Record<string, unknown> } {
  const spec = META_ERRORS[f.code]
  // Graph sends its access-token refusal as bare text: no `(#190)` prefix and no error_data (§1.8, §4.2).
  const tokenRefusal = f.code === 190
  const error: Record<string, unknown> = {
    message: f.message ?? (tokenRefusal ? spec.title : `(#${f.code}) ${spec.title}`),
    type: f.type ?? 'OAuthException',
    code: f.code,
  }
  if (f.subcode !== undefined) error.error_subcode = f.subcode
  if (f.userTitle !== undefined) error.error_user_title = f.userTitle
  if (f.userMsg !== undefined) error.error_user_msg = f.userMsg
  if (!tokenRefusal) error.error_data = { messaging_product: 'whatsapp', details: f.details ?? spec.details }
  error.fbtrace_id = fbtraceId
  return { status: spec.httpStatus, body: { error } }
}

export interface WebhookError {
  code: number
  title: string
  message: string
  error_data: { details: string }
  href: string
}

/** The `errors[]` item of a `failed` status (§2.5): title and message carry the same text. */
export function webhookError(code: MetaErrorCode, details?: string): WebhookError {
  const spec = META_ERRORS[code]
  return { code, title: spec.title, message: spec.title, error_data: { details: details ?? spec.details }, href: ERROR_HREF }
}
