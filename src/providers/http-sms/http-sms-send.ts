import type { SendOutcome, SendRequest } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { fieldAt, renderBody } from './http-sms-body.js'
import { outcomeOfGatewayError, outcomeOfNetworkFailure } from './http-sms-errors.js'

/** One account on a generic SMS gateway, defaults filled (see http-sms-kind.ts). */
export interface HttpSmsConfig {
  /** The full URL messages are POSTed to. */
  url: string
  /** Sent as `Authorization: Bearer …`. */
  apiKey: string
  bodyTemplate: unknown
  /** Where the gateway's answer names the message's id (a dotted path). */
  responseIdField: string
  requestTimeoutMs: number
}

const e164 = (phone: string) => `+${phone.replace(/\D/g, '')}`

/** The JSON body of one SMS: the account's template filled with the sender, recipient, text and our id. */
export function buildSmsBody(config: Pick<HttpSmsConfig, 'bodyTemplate'>, from: string, request: SendRequest & { content: { kind: 'text' } }): unknown {
  return renderBody(config.bodyTemplate, { from: e164(from), to: e164(request.to), text: request.content.text, reference: request.messageId })
}

/**
 * Sends one SMS (docs/platform.md §7.5). Our id travels as `reference`, which the gateway's receipts
 * echo: a status finds our message even when the answer to the send was lost.
 */
export async function sendSms(config: HttpSmsConfig, http: HttpClient, from: string, request: SendRequest): Promise<SendOutcome> {
  if (request.content.kind !== 'text') return { kind: 'rejected', code: 'unsupported_content', title: `SMS carries text only, not a ${request.content.kind} message` }
  const result = await http.request({
    method: 'POST',
    url: config.url,
    headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(buildSmsBody(config, from, { ...request, content: request.content })),
    timeoutMs: config.requestTimeoutMs,
    ...(request.signal ? { signal: request.signal } : {}),
  })
  if (result.kind !== 'response') return outcomeOfNetworkFailure(result)
  if (result.status < 200 || result.status >= 300) return outcomeOfGatewayError(result.status, result.headers, result.body)
  let json: unknown
  try {
    json = JSON.parse(result.body)
  } catch {
    json = undefined
  }
  const id = fieldAt(json, config.responseIdField)
  if (id !== undefined) return { kind: 'accepted', providerMessageId: id }
  // The gateway said yes but not to what: it may have queued the message, so resending could duplicate it.
  return { kind: 'in_doubt', code: 'unreadable_response', title: `HTTP ${result.status} without ${config.responseIdField}`, detail: result.body.slice(0, 200) }
}
