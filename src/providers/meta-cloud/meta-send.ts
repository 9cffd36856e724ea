import type { MediaContent } from '../../core/messages/content.js'
import type { SendOutcome, SendRequest } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import type { ResolvedMetaCloudConfig } from './meta-config.js'
import { outcomeOfBareStatus, outcomeOfMetaError, outcomeOfNetworkFailure, readMetaError } from './meta-errors.js'
import { templateObject } from './meta-send-template.js'

/** The JSON body of `POST /{version}/{phone-number-id}/messages` for one message. */
export function buildMessageBody(request: SendRequest): Record<string, unknown> {
  const envelope = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    // The wa_id Meta gave us wins: it can differ from the number we were given (docs/platform.md §1.10).
    to: request.recipientId ?? request.to.replace(/\D/g, ''),
    // Echoed back on every status webhook, so statuses find our message without a lookup.
    biz_opaque_callback_data: request.messageId,
  }
  const { content } = request
  switch (content.kind) {
    case 'text':
      return { ...envelope, type: 'text', text: { body: content.text, preview_url: content.previewUrl ?? false } }
    case 'template':
      return { ...envelope, type: 'template', template: templateObject(content) }
    case 'media':
      return { ...envelope, type: content.mediaType, [content.mediaType]: mediaObject(content) }
  }
}

/** docs/platform.md §1.4: a hosted file by `link`; a caption and a document's filename when given. */
function mediaObject(content: MediaContent): Record<string, string> {
  return {
    link: content.link,
    ...(content.caption !== undefined && content.mediaType !== 'audio' ? { caption: content.caption } : {}),
    ...(content.filename !== undefined && content.mediaType === 'document' ? { filename: content.filename } : {}),
  }
}

/**
 * Where Cloud API message bodies are posted: Meta's `/{version}/{phone-number-id}/messages` with the
 * Bearer token, or a BSP's proxy of the same API (360dialog: `/messages` with its key header, §7.3).
 */
export interface CloudApiEndpoint {
  url: string
  /** Authentication and content type. */
  headers: Readonly<Record<string, string>>
  timeoutMs: number
  /** Who answers there, for the titles of network failures. */
  provider: string
}

/** Meta's own messages endpoint for the configured number. */
export function metaMessagesEndpoint(config: ResolvedMetaCloudConfig): CloudApiEndpoint {
  return {
    url: `${config.baseUrl}/${config.apiVersion}/${config.phoneNumberId}/messages`,
    headers: { authorization: `Bearer ${config.accessToken}`, 'content-type': 'application/json' },
    timeoutMs: config.requestTimeoutMs,
    provider: 'Meta',
  }
}

/** Sends one message and turns the Cloud API's answer, or the lack of one, into a SendOutcome. */
export async function sendMessage(endpoint: CloudApiEndpoint, http: HttpClient, request: SendRequest): Promise<SendOutcome> {
  const result = await http.request({
    method: 'POST',
    url: endpoint.url,
    headers: { ...endpoint.headers },
    body: JSON.stringify(buildMessageBody(request)),
    timeoutMs: endpoint.timeoutMs,
    ...(request.signal ? { signal: request.signal } : {}),
  })
  if (result.kind !== 'response') return outcomeOfNetworkFailure(result, endpoint.provider)
  return readSendResponse(result.status, result.headers, result.body)
}

/** Reads Meta's answer to a send: `messages[0].id` means accepted; an `error` envelope is classified by code. */
export function readSendResponse(status: number, headers: Readonly<Record<string, string>>, body: string): SendOutcome {
  const json = parseJson(body)
  if (status >= 200 && status < 300) {
    const accepted = acceptedFrom(json)
    if (accepted) return accepted
    // Meta said yes but not to what: it may well have queued the message, so resending could duplicate it.
    return { kind: 'in_doubt', code: 'unreadable_response', title: `HTTP ${status} without a message id`, detail: body.slice(0, 200) }
  }
  const error = readMetaError((json as { error?: unknown } | undefined)?.error)
  return error ? outcomeOfMetaError(error, status) : outcomeOfBareStatus(status, headers)
}

function acceptedFrom(json: unknown): SendOutcome | undefined {
  const response = json as { messages?: Array<{ id?: unknown }>; contacts?: Array<{ wa_id?: unknown }> } | undefined
  const id = response?.messages?.[0]?.id
  if (typeof id !== 'string' || id === '') return undefined
  const waId = response?.contacts?.[0]?.wa_id
  return { kind: 'accepted', providerMessageId: id, ...(typeof waId === 'string' && waId !== '' ? { recipientId: waId } : {}) }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}
