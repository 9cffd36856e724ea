import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusinessNumber } from '../../business-number.js'
import type { RouteContext } from '../../graph-answers.js'
import { pathOf } from '../../http-io.js'
import type { Signer } from '../../webhook-delivery.js'
import type { InboundValue, StatusPayload } from '../../webhook-payloads.js'
import type { Flavour, FlavourDefinition, FlavourHost } from '../flavour.js'
import type { SmsInbound, SmsReceipt } from '../sms/sms-core.js'
import { countSegments } from '../sms/sms-segments.js'
import { CallbackTargets } from './callback-targets.js'
import { ContentStore } from './content-store.js'
import { handleContent } from './content-routes.js'
import { smsInboundParams, statusCallbackParams, whatsAppInboundParams, type FormParams } from './twilio-callbacks.js'
import { twilioFailure } from './twilio-errors.js'
import { inboundContentOf, sidOfWamid, twilioStatusOf } from './twilio-from-meta.js'
import { TwilioIds } from './twilio-ids.js'
import { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER, twilioAuthorized } from './twilio-identity.js'
import { handleMessages, refuse } from './twilio-messages-route.js'
import { twilioSignature } from './twilio-signature.js'

/**
 * The Twilio flavour (docs/platform.md §7.2, §7.4): Programmable Messaging's `Messages.json` for a
 * WhatsApp sender (over the Meta core) and an SMS sender (over the SMS core), the Content API over
 * the shared template store, and form-encoded callbacks signed with `X-Twilio-Signature` — status
 * callbacks to each send's `StatusCallback` (or the configured callback URL), incoming messages to
 * the configured callback URL.
 */

/** Form-encoded and signed over the URL it is posted to plus the sorted parameters (§7.2). */
const twilioSigner: Signer = (body, url) => ({
  'content-type': 'application/x-www-form-urlencoded',
  'x-twilio-signature': twilioSignature(TWILIO_AUTH_TOKEN, url.href, [...new URLSearchParams(body)]),
})

export const TWILIO_FLAVOUR: FlavourDefinition = {
  name: 'twilio',
  prefixes: ['/twilio', '/twilio-content'],
  numbers: [{ publicId: TWILIO_WHATSAPP_NUMBER, displayPhoneNumber: TWILIO_WHATSAPP_NUMBER, mps: 80 }],
  sign: twilioSigner,
  create: (host) => new TwilioFlavour(host),
}

class TwilioFlavour implements Flavour {
  readonly #host: FlavourHost
  readonly #ids = new TwilioIds()
  readonly #targets = new CallbackTargets()
  readonly #contents: ContentStore

  constructor(host: FlavourHost) {
    this.#host = host
    this.#contents = new ContentStore(host.state.templates, this.#ids)
    host.state.sms.addNumber(
      { digits: TWILIO_SMS_NUMBER, blocksOptedOut: true },
      { receipt: (r) => this.#smsReceipt(r), inbound: (m) => this.#smsInbound(m) },
    )
  }

  async handle(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    ctx.state.counters.requests++
    if (!twilioAuthorized(req)) return refuse(ctx, res, twilioFailure(20003))
    if (pathOf(req).startsWith('/twilio-content')) return handleContent(ctx, req, res, rest, this.#contents)
    return handleMessages(ctx, req, res, rest, { whatsAppNumber: this.#host.numbers[0]!, contents: this.#contents, targets: this.#targets, ids: this.#ids })
  }

  status(number: BusinessNumber, status: StatusPayload, atMs: number): void {
    const { status: name, error } = twilioStatusOf(status)
    const params = statusCallbackParams({
      channel: 'whatsapp', accountSid: TWILIO_ACCOUNT_SID, sid: sidOfWamid(status.id), from: number.metadata.display_phone_number,
      to: status.recipient_id ?? '', status: name, error, atMs,
    })
    this.#post('statuses', params, this.#targets.get(status.id))
  }

  inbound(number: BusinessNumber, value: InboundValue): void {
    const contact = (value.contacts[0] ?? {}) as { wa_id?: string; profile?: { name?: string } }
    for (const raw of value.messages) {
      const message = raw as Record<string, unknown>
      const wamid = String(message.id)
      const media = ['image', 'video', 'document', 'audio', 'sticker'].includes(String(message.type))
      const sid = sidOfWamid(wamid, media ? 'MM' : 'SM')
      const content = inboundContentOf(message, (mediaId) => mediaUrl(sid, mediaId))
      // Kinds Twilio's webhook does not describe (reactions, system messages) are not passed on.
      if (!content) continue
      const context = message.context as { id?: string } | undefined
      this.#post(
        'messages',
        whatsAppInboundParams({
          accountSid: TWILIO_ACCOUNT_SID, sid, waId: contact.wa_id ?? String(message.from), to: number.metadata.display_phone_number,
          profileName: contact.profile?.name ?? '', content, repliedTo: context?.id ? sidOfWamid(context.id) : null,
        }),
        null,
      )
    }
  }

  reset(): void {
    this.#targets.clear()
    this.#contents.clear()
  }

  #smsReceipt(r: SmsReceipt): void {
    const undelivered = r.status === 'undeliverable'
    const params = statusCallbackParams({
      channel: 'sms', accountSid: TWILIO_ACCOUNT_SID, sid: r.message.id, from: r.message.from, to: r.message.to,
      status: undelivered ? 'undelivered' : r.status === 'sent' ? 'sent' : 'delivered',
      // §7.4: an unreachable handset is reported by the carrier as 30003.
      error: undelivered ? 30003 : null,
      atMs: r.atMs,
    })
    this.#post('statuses', params, this.#targets.get(r.message.id))
  }

  #smsInbound(m: SmsInbound): string {
    const sid = this.#ids.next('SM')
    this.#post('messages', smsInboundParams({ accountSid: TWILIO_ACCOUNT_SID, sid, from: m.from, to: m.to, body: m.text, segments: countSegments(m.text).segments }), null)
    return sid
  }

  #post(kind: 'messages' | 'statuses', params: FormParams, target: string | null): void {
    this.#host.callbacks.post(kind, new URLSearchParams(params).toString(), target)
  }
}

/** Where Twilio would serve an inbound media file (the sandbox does not serve media). */
function mediaUrl(messageSid: string, mediaId: string): string {
  const me = 'ME' + createHash('sha256').update(mediaId).digest('hex').slice(0, 32)
  return `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages/${messageSid}/Media/${me}`
}
