import type { MediaContent, TextContent } from '../../core/messages/content.js'
import type { SendOutcome, SendRequest } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { outcomeOfNetworkFailure } from '../meta-cloud/meta-errors.js'
import type { ResolvedGupshupAccount } from './gupshup-account.js'
import { outcomeOfGupshupRefusal, readGupshupError } from './gupshup-errors.js'
import { gupshupRequest, parseJson } from './gupshup-http.js'
import { templateFields } from './gupshup-send-template.js'
import type { TemplateDirectory } from './gupshup-template-directory.js'

/** What a Gupshup send needs besides the message. */
export interface GupshupSendContext {
  account: ResolvedGupshupAccount
  http: HttpClient
  directory: TemplateDirectory
}

const digits = (phone: string) => phone.replace(/\D/g, '')

/**
 * The `message` of a session send (docs/platform.md §7.1), a JSON string in the form: text, or a
 * hosted file by URL (a document is Gupshup's `file`).
 */
export function sessionMessage(content: TextContent | MediaContent): Record<string, unknown> {
  if (content.kind === 'text') return { type: 'text', text: content.text, previewUrl: content.previewUrl ?? false }
  const caption = content.caption === undefined ? {} : { caption: content.caption }
  switch (content.mediaType) {
    case 'image':
      return { type: 'image', originalUrl: content.link, previewUrl: content.link, ...caption }
    case 'document':
      return { type: 'file', url: content.link, ...(content.filename === undefined ? {} : { filename: content.filename }), ...caption }
    case 'video':
      return { type: 'video', url: content.link, ...caption }
    case 'audio':
      return { type: 'audio', url: content.link }
  }
}

type Built = { kind: 'form'; path: string; form: Record<string, string> } | { kind: 'outcome'; outcome: SendOutcome }

/**
 * The path and form of one send. Templates go to the template endpoint (posted to `/msg` they count
 * as session messages, §7.1) under the UUID the app's template list gives their name and language.
 */
export async function buildSend(context: GupshupSendContext, source: string, request: SendRequest): Promise<Built> {
  // `destination` is the phone number: Gupshup has no user id of its own to prefer (§7.1).
  const envelope = { channel: 'whatsapp', source: digits(source), destination: digits(request.to), 'src.name': context.account.appName }
  const { content } = request
  if (content.kind !== 'template') return { kind: 'form', path: '/wa/api/v1/msg', form: { ...envelope, message: JSON.stringify(sessionMessage(content)) } }
  const lookup = await context.directory.find(content.name, content.language)
  switch (lookup.kind) {
    case 'found':
      return { kind: 'form', path: '/wa/api/v1/template/msg', form: { ...envelope, ...templateFields(content, lookup.template) } }
    case 'missing': {
      const title = `No template ${content.name} (${content.language}) on the Gupshup app ${context.account.appName}`
      return { kind: 'outcome', outcome: { kind: 'rejected', code: 'template_not_found', title } }
    }
    case 'failed':
      return { kind: 'outcome', outcome: { kind: lookup.retryable ? 'retryable' : 'rejected', ...lookup.error, title: `Gupshup's template list: ${lookup.error.title}` } }
  }
}

/** Sends one message from `source` (the app's number) and turns Gupshup's answer, or the lack of one, into a SendOutcome. */
export async function sendGupshupMessage(context: GupshupSendContext, source: string, request: SendRequest): Promise<SendOutcome> {
  const built = await buildSend(context, source, request)
  if (built.kind === 'outcome') return built.outcome
  const call = { method: 'POST', api: 'api', path: built.path, form: built.form, ...(request.signal ? { signal: request.signal } : {}) } as const
  const result = await context.http.request(gupshupRequest(context.account, call))
  if (result.kind !== 'response') return outcomeOfNetworkFailure(result, 'Gupshup')
  return readSendAnswer(result.status, result.headers, result.body)
}

/**
 * Reads Gupshup's answer to a send: `{"status":"submitted","messageId":…}` is accepted (whatever the
 * content type says, §7.1); its id is what delivery events carry as `gsId`.
 */
export function readSendAnswer(status: number, headers: Readonly<Record<string, string>>, body: string): SendOutcome {
  const json = parseJson(body)
  const error = readGupshupError(json)
  if (status >= 200 && status < 300 && !error) {
    const id = (json as { messageId?: unknown } | undefined)?.messageId
    if (typeof id === 'string' && id !== '') return { kind: 'accepted', providerMessageId: id }
    // Gupshup said yes but not to what: it may well have queued the message, so resending could duplicate it.
    return { kind: 'in_doubt', code: 'unreadable_response', title: `HTTP ${status} without a messageId`, detail: body.slice(0, 200) }
  }
  return outcomeOfGupshupRefusal(status, headers, error)
}
