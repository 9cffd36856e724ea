import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isParleyError, type ErrorCode } from '../core/errors.js'

/** Every error code's HTTP status; a `Record` so that a new code without a status does not compile. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_phone: 422,
  unauthorized: 401,
  login_failed: 401,
  csrf_failed: 403,
  operator_exists: 409,
  team_exists: 409,
  team_not_found: 422,
  forbidden: 403,
  not_found: 404,
  idempotency_conflict: 409,
  batch_too_large: 413,
  unknown_sender: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  webhook_signature_invalid: 401,
  webhook_verification_failed: 403,
  webhook_malformed: 400,
  webhook_url_forbidden: 400,
  rules_invalid: 422,
  rate_card_invalid: 422,
  budget_invalid: 422,
  budget_exhausted: 422,
  payment_link_not_configured: 404,
  contact_external_id_missing: 422,
  template_not_found: 422,
  template_not_approved: 422,
  template_params_invalid: 422,
  template_lint_failed: 422,
  template_in_review: 409,
  templates_unavailable: 503,
  contact_opted_out: 422,
  channel_unsupported_content: 422,
  provider_refused: 422,
  provider_unavailable: 503,
  rate_limited: 429,
  range_invalid: 400,
  range_too_long: 400,
  unavailable: 503,
  internal: 500,
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> }
}

/**
 * `details` as the API promises it: always an object, so that clients can read `details.x`
 * without checking first. A core error without details gets `{}`; a non-object is wrapped.
 */
export function detailsObject(details: unknown): Record<string, unknown> {
  if (details === undefined || details === null) return {}
  if (typeof details === 'object' && !Array.isArray(details)) return details as Record<string, unknown>
  return { value: details }
}

/** The one error body every answer uses: `{ error: { code, message, details } }`. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, details: detailsObject(details) } }
}

/** Fastify's own errors that are the client's fault, mapped onto our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_BAD_URL: 'validation_failed',
  // The router refuses a path segment over `maxParamLength` before any route sees it; ids within
  // the API's own limits stay under it (see app.ts), so this is a path no resource can have.
  FST_ERR_MAX_PARAM_LENGTH: 'not_found',
}

/**
 * Errors the router raises before a request reaches a route (a path that is not valid percent
 * encoding, a path segment past `maxParamLength`): Fastify's `frameworkErrors` option, so that
 * these too answer in the one shape instead of Fastify's own.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0]
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send(errorBody('validation_failed', `The path ${path} is not valid URL encoding.`, { issues: [{ path: 'url', message: 'not valid percent-encoding' }] }))
    return
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(404).send(errorBody('not_found', `No route ${request.method} ${path}: a path segment is longer than any id the API issues or accepts.`))
    return
  }
  request.log.error({ err: error, reqId: request.id }, 'unhandled router error')
  void reply.status(500).send(errorBody('internal', `Internal error (request ${request.id}).`))
}

/** What Node's HTTP parser refused, in words; the parser's own codes (`HPE_…`) are not API. */
function clientErrorIssue(code: string | undefined): { path: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { path: 'headers', message: 'larger than the server accepts (16 KB)' }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { path: 'request', message: 'did not arrive in time' }
  return { path: 'request', message: 'not valid HTTP/1.1 (the request line, a header or the body framing)' }
}

/**
 * Requests Node's HTTP parser refuses before Fastify has a request at all (a malformed request
 * line or header, headers past Node's limit, broken chunked framing): Fastify's
 * `clientErrorHandler` option, so that these too answer in the one shape instead of Fastify's own.
 * The connection is closed after the answer: what follows the refused bytes cannot be trusted.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  if (socket.writable) {
    const issue = clientErrorIssue(error.code)
    const body = JSON.stringify(errorBody('validation_failed', `Invalid request: ${issue.path}: ${issue.message}`, { issues: [issue] }))
    socket.write(`HTTP/1.1 400 Bad Request\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/**
 * One error shape everywhere: `{ error: { code, message, details } }`. Unknown errors are logged
 * with the request id and answered as `internal`, without details that could leak internals.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isParleyError(error)) {
      const body = errorBody(error.code, error.message, error.details)
      // An error that says when to come back says it in the standard header too.
      const retryAfter = body.error.details.retryAfterSeconds
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter))
      return reply.status(ERROR_STATUS[error.code]).send(body)
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: [error.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }))
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
      return reply.status(400).send(errorBody('validation_failed', `Invalid request: ${summary}`, { issues }))
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return reply.status(400).send(errorBody('validation_failed', 'The request body is not valid JSON.', { issues: [{ path: 'body', message: 'not valid JSON' }] }))
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const sent = request.headers['content-type'] ? `"${request.headers['content-type']}"` : 'no Content-Type'
      return reply.status(415).send(errorBody('unsupported_media_type', `Send the body as JSON with "Content-Type: application/json" (this request had ${sent}).`))
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined
    if (mapped) return reply.status(ERROR_STATUS[mapped]).send(errorBody(mapped, error.message))
    request.log.error({ err: error, reqId: request.id }, 'unhandled error')
    return reply.status(500).send(errorBody('internal', `Internal error (request ${request.id}).`))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`))
  })
}
