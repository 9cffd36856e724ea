import type { IncomingMessage, ServerResponse } from 'node:http'
import { acceptSend } from '../../accept-send.js'
import { META_ERRORS } from '../../errors.js'
import type { RouteContext } from '../../graph-answers.js'
import { dropAfterAccept, faultBeforeSend } from '../../send-faults.js'
import { validateMessagesCall } from '../../validate-send.js'
import type { Json } from '../../validate-helpers.js'
import type { GupshupApp } from './app.js'
import { answer, GupshupError, refuseGupshup } from './answers.js'
import { GUPSHUP, gupshupTemplateId } from './identity.js'
import { jsonField, sessionToMeta, templateToMeta, type Translated } from './translate-in.js'

/**
 * Gupshup's send calls (docs/platform.md §7.1): `POST /wa/api/v1/msg` (and the legacy
 * `/sm/api/v1/msg`) with a `message` JSON field, `POST /wa/api/v1/template/msg` with `template`
 * `{id, params}` (and `message` for a media header). Form fields `channel=whatsapp`, `source` (the
 * app's number, digits), `destination` (digits), `src.name` (the app name).
 *
 * Order: the send-path faults, then Gupshup's own checks (answered 4xx `{status:"error"}`), then the
 * core. What the platform refuses after Gupshup has taken the message (the core's limits and
 * template checks, and with `gupshupRequireOptIn` a user not opted in) is answered `submitted` and
 * reported by a `failed` event, as Gupshup reports delivery only asynchronously.
 */

const DIGITS = /^\d{6,15}$/

export async function send(app: GupshupApp, ctx: RouteContext, req: IncomingMessage, res: ServerResponse, form: URLSearchParams, kind: 'session' | 'template'): Promise<void> {
  const state = ctx.state
  const fault = faultBeforeSend(ctx, req)
  if (fault.kind === 'dropped') return
  if (fault.kind === 'server-error') return refuseGupshup(ctx, res, META_ERRORS[fault.code].httpStatus, 'Internal Server Error, please retry')

  const destination = checkEnvelope(form)
  const translated = kind === 'session' ? sessionToMeta(jsonField(form.get('message'), 'message'), destination) : template(app, form, destination)
  const validated = validateMessagesCall(translated.body)
  if (!validated.ok) throw new GupshupError(400, validated.failure.details ?? META_ERRORS[validated.failure.code].title)
  if (validated.call.kind !== 'send') throw new GupshupError(400, 'Invalid message')

  const now = state.now()
  const gsId = app.newMessageId()
  const refusal = kind === 'template' ? optInRefusal(app, destination) : null
  if (refusal) {
    answer(ctx, res, 202, { status: 'submitted', messageId: gsId })
    app.failed(gsId, destination, refusal.code, refusal.reason, now)
    return
  }
  const outcome = acceptSend(state, app.number, validated.call.request, null, now)
  if (!outcome.ok) {
    answer(ctx, res, 202, { status: 'submitted', messageId: gsId })
    app.failed(gsId, destination, outcome.failure.code, META_ERRORS[outcome.failure.code].title, now)
    return
  }
  const wamid = (outcome.body as { messages: Array<{ id: string }> }).messages[0]!.id
  app.accepted({ gsId, wamid, destination, kind, ...(translated.replies ? { replies: translated.replies } : {}) }, now)
  if (dropAfterAccept(ctx, req)) return
  // §7.1: a 2xx, `{"status":"submitted","messageId":…}`; Gupshup answers 202 Accepted.
  answer(ctx, res, 202, { status: 'submitted', messageId: gsId })
}

/** `channel`, `source`, `src.name` must be the app's; returns `destination`. */
function checkEnvelope(form: URLSearchParams): string {
  if (form.get('channel') !== 'whatsapp') throw new GupshupError(400, 'Invalid channel: must be whatsapp')
  const appName = form.get('src.name')
  if (!appName) throw new GupshupError(400, 'Missing src.name (the app name)')
  if (appName !== GUPSHUP.appName) throw new GupshupError(400, `Invalid app name ${appName}`)
  const source = form.get('source')
  if (source !== GUPSHUP.number) throw new GupshupError(400, `Invalid source: ${source ?? '(missing)'} is not the app's number (digits, no +)`)
  const destination = form.get('destination') ?? ''
  if (!DIGITS.test(destination)) throw new GupshupError(400, 'Invalid destination: country code and digits, no +')
  return destination
}

function template(app: GupshupApp, form: URLSearchParams, destination: string): Translated {
  const t = jsonField(form.get('template'), 'template')
  if (typeof t.id !== 'string' || t.id === '') throw new GupshupError(400, 'Invalid template: id is required')
  const stored = app.host.state.templates.list().find((s) => gupshupTemplateId(s.id) === t.id)
  if (!stored) throw new GupshupError(400, `Template not found: ${t.id}`)
  const header: Json | null = form.get('message') ? jsonField(form.get('message'), 'message') : null
  return { body: templateToMeta(stored, t.params, header, destination) }
}

/** With `gupshupRequireOptIn`, a legacy account's refusal of templates to users who have not opted in (§7.1: 1004–1008, 1012). */
function optInRefusal(app: GupshupApp, destination: string): { code: number; reason: string } | null {
  if (app.host.state.options.gupshupRequireOptIn !== true) return null
  const status = app.optIns.statusOf(destination)
  if (status === 'OPT_IN') return null
  if (status === 'OPT_OUT') return { code: 1012, reason: 'Number has opted out' }
  return { code: 1006, reason: 'User has not opted in to receive template messages' }
}
