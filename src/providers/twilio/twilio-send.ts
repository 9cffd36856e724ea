import type { TemplateContent } from '../../core/messages/content.js'
import type { Channel } from '../../core/providers/channel.js'
import type { SendOutcome, SendRequest } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { authorization, messagesUrl, type TwilioAccountConfig } from './twilio-api.js'
import type { ContentDirectory, ContentResolution } from './twilio-content-directory.js'
import { outcomeOfNetworkFailure, outcomeOfTwilioError } from './twilio-errors.js'

/** The query parameter of the StatusCallback URL that names Parley's message (the in-doubt path). */
export const MESSAGE_ID_PARAM = 'parley_message_id'

/** One sender number of the account and the channel it carries. */
export interface TwilioSender {
  number: string
  channel: Channel
}

/** What a send needs besides the request. */
export interface TwilioSendDeps {
  config: TwilioAccountConfig
  http: HttpClient
  sender: TwilioSender
  directory: ContentDirectory
  /** The account's webhook URL, null while Parley does not know its public address. */
  webhookUrl(): string | null
}

/**
 * A channel address (docs/platform.md §7.2): `whatsapp:+…` for WhatsApp, the bare E.164 number
 * for SMS. The digits are kept whatever the formatting (`+55 11 98765-4321`).
 */
export function addressOf(channel: Channel, phone: string): string {
  const e164 = `+${phone.replace(/\D/g, '')}`
  return channel === 'whatsapp' ? `whatsapp:${e164}` : e164
}

/**
 * The StatusCallback for one message: the account's webhook URL with our message id in the query,
 * so that every status names our message even when the send's answer was lost.
 */
export function statusCallbackUrl(webhookUrl: string, messageId: string): string {
  const url = new URL(webhookUrl)
  url.searchParams.set(MESSAGE_ID_PARAM, messageId)
  return url.toString()
}

/** `ContentVariables`: a JSON string keyed "1", "2"… for positional values, by name for named ones. */
export function contentVariables(params: TemplateContent['params']): string {
  const entries = Array.isArray(params) ? params.map((value, i) => [String(i + 1), value] as const) : Object.entries(params)
  return JSON.stringify(Object.fromEntries(entries))
}

type Form = { ok: true; form: URLSearchParams } | { ok: false; outcome: SendOutcome }

/**
 * The form of `POST /2010-04-01/Accounts/{Sid}/Messages.json` for one message. SMS carries text
 * alone; WhatsApp text is `Body`, media `MediaUrl` with the caption as `Body`, and a template
 * its ContentSid with the body's variables (the templates Parley creates on Twilio have no others).
 */
export async function buildSendForm(deps: TwilioSendDeps, request: SendRequest): Promise<Form> {
  const { channel } = deps.sender
  const form = new URLSearchParams({ From: addressOf(channel, deps.sender.number), To: addressOf(channel, request.to) })
  const { content } = request
  if (channel === 'sms' && content.kind !== 'text') {
    return { ok: false, outcome: { kind: 'rejected', code: 'unsupported_content', title: `SMS carries text only, not a ${content.kind} message` } }
  }
  switch (content.kind) {
    case 'text':
      form.set('Body', content.text)
      break
    case 'media':
      form.set('MediaUrl', content.link)
      if (content.caption !== undefined) form.set('Body', content.caption)
      break
    case 'template': {
      const resolution = await deps.directory.resolve(content.name, content.language)
      if (resolution.kind !== 'found') return { ok: false, outcome: unresolved(content, resolution) }
      form.set('ContentSid', resolution.sid)
      form.set('ContentVariables', contentVariables(content.params))
      break
    }
  }
  const webhookUrl = deps.webhookUrl()
  if (webhookUrl !== null) form.set('StatusCallback', statusCallbackUrl(webhookUrl, request.messageId))
  return { ok: true, form }
}

/** Sends one message and turns Twilio's answer, or the lack of one, into a SendOutcome. */
export async function sendTwilioMessage(deps: TwilioSendDeps, request: SendRequest): Promise<SendOutcome> {
  const built = await buildSendForm(deps, request)
  if (!built.ok) return built.outcome
  const result = await deps.http.request({
    method: 'POST',
    url: messagesUrl(deps.config),
    headers: { authorization: authorization(deps.config), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: built.form.toString(),
    timeoutMs: deps.config.requestTimeoutMs,
    ...(request.signal ? { signal: request.signal } : {}),
  })
  if (result.kind !== 'response') return outcomeOfNetworkFailure(result)
  return readSendResponse(result.status, result.headers, result.body)
}

/** Twilio answers a send with the Message resource (201): its `sid` (`SM…`/`MM…`) is the provider's id. */
export function readSendResponse(status: number, headers: Readonly<Record<string, string>>, body: string): SendOutcome {
  if (status < 200 || status >= 300) return outcomeOfTwilioError(status, headers, body)
  let sid: unknown
  try {
    sid = (JSON.parse(body) as { sid?: unknown } | null)?.sid
  } catch {
    sid = undefined
  }
  if (typeof sid === 'string' && sid !== '') return { kind: 'accepted', providerMessageId: sid }
  // Twilio said yes but not to what: it may well have queued the message, so resending could duplicate it.
  return { kind: 'in_doubt', code: 'unreadable_response', title: `HTTP ${status} without a message sid`, detail: body.slice(0, 200) }
}

function unresolved(content: TemplateContent, resolution: Exclude<ContentResolution, { kind: 'found' }>): SendOutcome {
  const template = `${content.name} (${content.language})`
  switch (resolution.kind) {
    case 'not_found':
      return { kind: 'rejected', code: 'template_not_found', title: `No Twilio content template ${template} on this account` }
    case 'not_approved':
      return { kind: 'rejected', code: 'template_not_approved', title: `Twilio content template ${template} is ${resolution.status}, not approved for WhatsApp` }
    case 'failed': {
      // The message never left: whether the list was refused or unreachable decides whether it can be sent later.
      const { code, title, detail } = resolution.failure.error
      const error = { code, title, ...(detail === undefined ? {} : { detail }) }
      return resolution.failure.kind === 'retryable' ? { kind: 'retryable', ...error } : { kind: 'rejected', ...error }
    }
  }
}
