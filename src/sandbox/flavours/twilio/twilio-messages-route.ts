import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusinessNumber } from '../../business-number.js'
import { respond, type RouteContext } from '../../graph-answers.js'
import { BodyTooLarge, readBody } from '../../http-io.js'
import { dropAfterAccept, faultBeforeSend } from '../../send-faults.js'
import { countCode } from '../../stats.js'
import type { CallbackTargets } from './callback-targets.js'
import type { ContentStore } from './content-store.js'
import { twilioErrorBody, twilioFailure, type TwilioFailure } from './twilio-errors.js'
import { sidOfWamid } from './twilio-from-meta.js'
import type { TwilioIds } from './twilio-ids.js'
import { TWILIO_ACCOUNT_SID, TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER } from './twilio-identity.js'
import { messageResource } from './twilio-message-resource.js'
import { parseTwilioSend, type SmsSend } from './twilio-send-parse.js'
import { sendWhatsApp } from './twilio-whatsapp-send.js'
import { address } from './twilio-callbacks.js'

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (docs/platform.md §7.2, §7.4): one endpoint
 * for WhatsApp (`From=whatsapp:+…`, through the Meta core) and SMS (`From=+…`, through the SMS core).
 * Order: the account in the path → body → send-path faults → parameters → the channel's core.
 * Answered `201` with a `queued` Message resource; refusals in Twilio's error body.
 */

export interface MessagesDeps {
  whatsAppNumber: BusinessNumber
  contents: ContentStore
  targets: CallbackTargets
  ids: TwilioIds
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/

export async function handleMessages(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, rest: string, deps: MessagesDeps): Promise<void> {
  const state = ctx.state
  const m = MESSAGES.exec(rest)
  if (!m || req.method !== 'POST' || m[1] !== TWILIO_ACCOUNT_SID) {
    return refuse(ctx, res, twilioFailure(20404, `The requested resource ${req.method} /2010-04-01${rest.replace(/^\/2010-04-01/, '')} was not found`))
  }
  let text: string
  try {
    text = await readBody(req)
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuse(ctx, res, twilioFailure(20422, e.message))
    return // the client went away
  }
  const fault = faultBeforeSend(ctx, req)
  if (fault.kind === 'dropped') return
  if (fault.kind === 'server-error') return refuse(ctx, res, twilioFailure(fault.code === 131000 ? 20500 : 20503))

  const parsed = parseTwilioSend(new URLSearchParams(text), { whatsapp: [TWILIO_WHATSAPP_NUMBER], sms: [TWILIO_SMS_NUMBER] })
  if (!parsed.ok) return refuse(ctx, res, parsed.failure)
  const send = parsed.send
  const now = state.now()
  let resource: Record<string, unknown>
  if (send.channel === 'whatsapp') {
    const result = sendWhatsApp(state, deps.whatsAppNumber, send, deps.contents, now)
    if (!result.ok) return refuse(ctx, res, result.failure)
    const { wamid, body, numMedia } = result.queued
    deps.targets.set(wamid, send.statusCallback)
    resource = messageResource({
      accountSid: TWILIO_ACCOUNT_SID, sid: sidOfWamid(wamid), from: address('whatsapp', send.from), to: address('whatsapp', send.to),
      body, status: 'queued', numSegments: 1, numMedia, createdAt: now,
    })
  } else {
    const queued = sendSms(ctx, send, deps)
    if (!queued.ok) return refuse(ctx, res, queued.failure)
    resource = queued.resource
  }
  // The in-doubt case: accepted, callbacks follow, the answer is lost.
  if (dropAfterAccept(ctx, req)) return
  respond(ctx, res, 201, JSON.stringify(resource))
}

function sendSms(ctx: RouteContext, send: SmsSend, deps: MessagesDeps): { ok: true; resource: Record<string, unknown> } | { ok: false; failure: TwilioFailure } {
  const sid = deps.ids.next('SM')
  const accepted = ctx.state.sms.accept({ id: sid, from: send.from, to: send.to, text: send.body })
  // §7.4: a user who replied STOP cannot be messaged from this number until they reply START.
  if (!accepted.ok) return { ok: false, failure: twilioFailure(21610, `Attempt to send to unsubscribed recipient +${send.to}: they replied STOP to +${send.from}.`) }
  deps.targets.set(sid, send.statusCallback)
  const msg = accepted.message
  return {
    ok: true,
    resource: messageResource({
      accountSid: TWILIO_ACCOUNT_SID, sid, from: address('sms', msg.from), to: address('sms', msg.to),
      body: msg.text, status: 'queued', numSegments: msg.segments, numMedia: 0, createdAt: msg.acceptedAt,
    }),
  }
}

export function refuse(ctx: RouteContext, res: ServerResponse, f: TwilioFailure): void {
  countCode(ctx.state.counters.rejected, f.code)
  const { status, body } = twilioErrorBody(f)
  respond(ctx, res, status, JSON.stringify(body))
}
