import type { TemplateCallOutcome } from '../../core/providers/templates.js'
import type { HttpClient, HttpResult } from '../http-client.js'
import type { ResolvedMetaCloudConfig } from './meta-config.js'
import { isPassingStatus, metaErrorRule, readMetaError, toProviderError } from './meta-errors.js'

/** What a management call needs of the config. */
export type GraphConfig = Pick<ResolvedMetaCloudConfig, 'baseUrl' | 'apiVersion' | 'accessToken' | 'requestTimeoutMs'>

/** A management call that failed: refused for good (Meta's code and subcode kept), or worth another try. */
export type GraphFailure = Exclude<TemplateCallOutcome<never>, { kind: 'ok' }>

export type GraphAnswer = { ok: true; json: unknown } | { ok: false; failure: GraphFailure }

/**
 * How management calls reach a Cloud API: Graph itself (version path, Bearer token), or a BSP's
 * proxy of it with its own paths and key header (360dialog, docs/platform.md §7.3).
 */
export interface ManagementAccess {
  /** The absolute URL for a path (an absolute URL is kept as it is). */
  urlOf(path: string): string
  headers: Readonly<Record<string, string>>
  requestTimeoutMs: number
  /** Who answers there, for the titles of network failures. */
  provider: string
}

/** Graph's own access: `url` is absolute or a path after the version (`{waba-id}/message_templates`). */
export function graphAccess(config: GraphConfig): ManagementAccess {
  return {
    urlOf: (url) => (/^https?:\/\//.test(url) ? url : `${config.baseUrl}/${config.apiVersion}/${url}`),
    headers: { authorization: `Bearer ${config.accessToken}` },
    requestTimeoutMs: config.requestTimeoutMs,
    provider: 'Meta',
  }
}

/** One Graph management call (templates, not messages): JSON in and out, Bearer token, the config's timeout. */
export function callGraph(config: GraphConfig, http: HttpClient, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<GraphAnswer> {
  return callManagement(graphAccess(config), http, method, url, body)
}

/** One management call through `access`: JSON in and out, failures classified as Graph's (below). */
export async function callManagement(access: ManagementAccess, http: HttpClient, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<GraphAnswer> {
  const result = await http.request({
    method,
    url: access.urlOf(path),
    headers: { ...access.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: access.requestTimeoutMs,
  })
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
    const json = parseJson(result.body)
    if (json !== undefined) return { ok: true, json }
    return { ok: false, failure: { kind: 'retryable', error: { code: 'unreadable_response', title: `HTTP ${result.status} without a JSON body`, detail: result.body.slice(0, 200) } } }
  }
  return { ok: false, failure: graphFailureOf(result, access.provider) }
}

/**
 * Classifies a failed call with the same rules as sends (meta-errors.ts): Graph's rate limits
 * (4, 17, 32, 613, 80007), its transient codes and 5xx are retryable; other codes are refusals
 * and keep the subcode that tells them apart (100 / 2388024: the name exists in that language).
 * Management calls have no "in doubt": one that got no answer is retryable, and a create that did
 * land is then refused as a duplicate, which listing resolves.
 */
export function graphFailureOf(result: HttpResult, provider = 'Meta'): GraphFailure {
  if (result.kind === 'not_sent') return { kind: 'retryable', error: { code: 'network_error', title: `Request did not reach ${provider}`, detail: result.message } }
  if (result.kind === 'no_answer') return { kind: 'retryable', error: { code: 'no_answer', title: `No answer from ${provider}; the change may have been made`, detail: result.message } }
  const error = readMetaError((parseJson(result.body) as { error?: unknown } | undefined)?.error)
  if (!error) {
    const bare = { code: `http_${result.status}`, title: `HTTP ${result.status} without a Graph error body` }
    return isPassingStatus(result.status) ? { kind: 'retryable', error: bare } : { kind: 'refused', error: bare }
  }
  const retry = metaErrorRule(error.code, error.error_subcode)?.retry ?? result.status >= 500
  if (retry) return { kind: 'retryable', error: toProviderError(error) }
  return { kind: 'refused', error: { ...toProviderError(error), ...(error.error_subcode === undefined ? {} : { subcode: String(error.error_subcode) }) } }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}
