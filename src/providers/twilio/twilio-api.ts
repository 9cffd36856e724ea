import type { TemplateCallOutcome } from '../../core/providers/templates.js'
import type { HttpClient, HttpResult } from '../http-client.js'
import { isPassingStatus, readTwilioError, toProviderError, twilioErrorRule } from './twilio-errors.js'

/** One Twilio account as the adapter uses it, defaults filled (see twilio-kind.ts). */
export interface TwilioAccountConfig {
  /** The Programmable Messaging origin (`https://api.twilio.com`; the sandbox's `/twilio`). */
  baseUrl: string
  /** The Content API origin (`https://content.twilio.com`; the sandbox's `/twilio-content`). */
  contentBaseUrl: string
  accountSid: string
  authToken: string
  requestTimeoutMs: number
}

/** HTTP Basic with the Account SID and auth token, as every Twilio API takes it (docs/platform.md §7.2). */
export function authorization(config: Pick<TwilioAccountConfig, 'accountSid' | 'authToken'>): string {
  return `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`, 'utf8').toString('base64')}`
}

/** The Messages resource of the account: where sends are POSTed. */
export function messagesUrl(config: Pick<TwilioAccountConfig, 'baseUrl' | 'accountSid'>): string {
  return `${config.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`
}

/** A management call that failed: refused for good, or worth another try. */
export type ContentFailure = Exclude<TemplateCallOutcome<never>, { kind: 'ok' }>

export type ContentAnswer = { ok: true; json: unknown } | { ok: false; failure: ContentFailure }

/**
 * One Content API call: JSON in and out, Basic auth. `path` is absolute or starts with `/v1/…`.
 * A call without an answer is retryable, not in doubt: a create that did land shows up in the list.
 */
export async function callContentApi(config: TwilioAccountConfig, http: HttpClient, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ContentAnswer> {
  const result = await http.request({
    method,
    url: /^https?:\/\//.test(path) ? path : `${config.contentBaseUrl}${path}`,
    headers: { authorization: authorization(config), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: config.requestTimeoutMs,
  })
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
    // DELETE answers 204 with no body.
    if (result.body.trim() === '') return { ok: true, json: null }
    try {
      return { ok: true, json: JSON.parse(result.body) as unknown }
    } catch {
      return { ok: false, failure: { kind: 'retryable', error: { code: 'unreadable_response', title: `HTTP ${result.status} without a JSON body`, detail: result.body.slice(0, 200) } } }
    }
  }
  return { ok: false, failure: contentFailureOf(result) }
}

/** Classifies a failed management call with the send rules (twilio-errors.ts). */
export function contentFailureOf(result: HttpResult): ContentFailure {
  if (result.kind === 'not_sent') return { kind: 'retryable', error: { code: 'network_error', title: 'Request did not reach Twilio', detail: result.message } }
  if (result.kind === 'no_answer') return { kind: 'retryable', error: { code: 'no_answer', title: 'No answer from Twilio; the change may have been made', detail: result.message } }
  const error = readTwilioError(result.body)
  if (!error) {
    const bare = { code: `http_${result.status}`, title: `HTTP ${result.status} without a Twilio error body` }
    return isPassingStatus(result.status) ? { kind: 'retryable', error: bare } : { kind: 'refused', error: bare }
  }
  const rule = twilioErrorRule(error.code)
  const retry = rule ? rule.retry : isPassingStatus(result.status)
  return { kind: retry ? 'retryable' : 'refused', error: toProviderError(error) }
}
