import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { startCallbackReceiver, twilioAuth, twilioSend, twilioSignatureOk, type Callback, type CallbackReceiver } from './callback-receiver.js'
import { TEST_TEMPLATES, until } from './support.js'

/**
 * The Twilio flavour's WhatsApp side over real HTTP (docs/platform.md §7.2): Messages.json with
 * `whatsapp:` addresses through the Meta core, Twilio's answers and errors, signed form callbacks.
 */

const FROM = 'whatsapp:+15550001237'
const ACCOUNT = 'AC00000000000000000000000000000001'

describe('sandbox twilio flavour: WhatsApp', () => {
  let receiver: CallbackReceiver
  let sb: Sandbox
  let callbackUrl: string

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    callbackUrl = `${receiver.origin}/webhooks/twilio/main`
    sb = await startSandbox(
      sandboxOptions({
        callbackUrls: { twilio: callbackUrl },
        // Wide gaps keep the arrival order of one message's callbacks stable on a busy machine.
        statusDelaysMs: { sent: 5, delivered: 40, read: 80 },
        webhookRetry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 40 },
        templates: TEST_TEMPLATES,
        templateReview: { delayMs: 20 },
      }),
    )
  })
  // Callbacks of one test must not land in the next one's receiver.
  afterEach(() => sb.idle())
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setFaults({ serverErrorRate: 0, dropBeforeRate: 0, dropAfterRate: 0 })
    receiver.posts.length = 0
  })

  const statusesFor = (sid: string): Callback[] => receiver.posts.filter((p) => p.form?.get('MessageSid') === sid && p.form.has('MessageStatus'))

  it('refuses missing or wrong credentials with 401 / 20003 and another account with 404', async () => {
    const params = { From: FROM, To: 'whatsapp:+4915112345678', Body: 'Hi' }
    for (const auth of [null, twilioAuth(ACCOUNT, 'wrong-token'), twilioAuth('AC00000000000000000000000000000002'), 'Bearer sandbox-twilio-auth-token']) {
      const res = await twilioSend(sb.url, params, { auth })
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
    }
    const other = await twilioSend(sb.url, params, { account: 'AC00000000000000000000000000000002' })
    expect(other.status).toBe(404)
    expect(other.body).toMatchObject({ code: 20404, status: 404 })
    expect(sb.accepted()).toHaveLength(0)
  })

  it('answers a Body send with a queued Message resource and posts signed sent, delivered, read to its StatusCallback, query kept', async () => {
    const user = '+4915112345678'
    await sb.userSends(user, { text: 'Hallo' }, '+15550001237')
    const statusCallback = `${callbackUrl}?token=t0k3n&parley_message_id=msg-42`
    const res = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'Your order ships today.', StatusCallback: statusCallback })
    expect(res.status).toBe(201)
    const m = res.body
    expect(m).toMatchObject({
      account_sid: ACCOUNT, api_version: '2010-04-01', body: 'Your order ships today.', direction: 'outbound-api', error_code: null, error_message: null,
      from: FROM, to: `whatsapp:${user}`, num_media: '0', num_segments: '1', status: 'queued', messaging_service_sid: null, price: null,
    })
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(m.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages/${m.sid}.json`)
    expect(m.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/)
    expect(Math.abs(Date.parse(m.date_created) - Date.now())).toBeLessThan(5000)

    await sb.idle()
    const statuses = statusesFor(m.sid)
    expect(statuses.map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
    for (const s of statuses) {
      expect(s.url).toBe(statusCallback)
      expect(s.query.get('parley_message_id')).toBe('msg-42')
      expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded')
      expect(twilioSignatureOk(s)).toBe(true)
      expect(twilioSignatureOk(s, 'another-token')).toBe(false)
      expect(Object.fromEntries(s.form!)).toMatchObject({
        AccountSid: ACCOUNT, From: FROM, To: `whatsapp:${user}`, SmsSid: m.sid, SmsStatus: s.form!.get('MessageStatus'), ApiVersion: '2010-04-01', ChannelPrefix: 'whatsapp',
      })
      expect(s.form!.has('ErrorCode')).toBe(false)
    }
  })

  it('posts status callbacks to the configured callback URL when a send names no StatusCallback', async () => {
    const user = '+4915112340011'
    await sb.userSends(user, { text: 'hi' }, '+15550001237')
    const { body } = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'Hello' })
    await sb.idle()
    const statuses = statusesFor(body.sid)
    expect(statuses.length).toBe(3)
    for (const s of statuses) expect(s.url).toBe(callbackUrl)
  })

  it('posts a signed inbound form for a user message, and a button reply naming the message it answers', async () => {
    const user = '+4915112340012'
    await sb.setUser(user, { profileName: 'Ana' })
    await sb.userSends(user, { text: 'Wann kommt mein Paket?' }, '+15550001237')
    const inboundPosts = () => receiver.posts.filter((p) => p.form?.get('SmsStatus') === 'received')
    await until(() => inboundPosts().length === 1, 'the inbound callback')
    const inbound = inboundPosts()[0]!
    expect(inbound.url).toBe(callbackUrl)
    expect(twilioSignatureOk(inbound)).toBe(true)
    const f = Object.fromEntries(inbound.form!)
    expect(f).toMatchObject({
      AccountSid: ACCOUNT, From: `whatsapp:${user}`, To: FROM, Body: 'Wann kommt mein Paket?', NumMedia: '0', ProfileName: 'Ana',
      WaId: '4915112340012', MessageType: 'text', SmsStatus: 'received', ApiVersion: '2010-04-01',
    })
    expect(f.MessageSid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(f.SmsMessageSid).toBe(f.MessageSid)

    const sent = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'Tomorrow. Keep the time?' })
    await sb.userSends(user, { button: { text: 'Keep the time', payload: 'keep' } }, '+15550001237')
    await sb.idle()
    const tap = receiver.posts.find((p) => p.form?.get('MessageType') === 'button')!
    expect(Object.fromEntries(tap.form!)).toMatchObject({ ButtonText: 'Keep the time', ButtonPayload: 'keep', Body: 'Keep the time', OriginalRepliedMessageSid: sent.body.sid })
    expect(twilioSignatureOk(tap)).toBe(true)
  })

  it('posts interactive replies, media and locations in Twilio fields', async () => {
    const user = '+4915112340013'
    await sb.userSends(user, { interactive: { type: 'list_reply', id: 'slot-2', title: 'Friday 9-12', description: 'morning' } }, '+15550001237')
    await sb.userSends(user, { media: { type: 'image', caption: 'the box', mimeType: 'image/png' } }, '+15550001237')
    await sb.userSends(user, { location: { latitude: 52.52, longitude: 13.405, name: 'Home' } }, '+15550001237')
    const inboundPosts = () => receiver.posts.filter((p) => p.form?.get('SmsStatus') === 'received')
    await until(() => inboundPosts().length === 3, 'three inbound callbacks')
    const [list, media, location] = inboundPosts().map((p) => Object.fromEntries(p.form!))
    expect(list).toMatchObject({ MessageType: 'interactive', ListId: 'slot-2', ListTitle: 'Friday 9-12', ListDescription: 'morning' })
    expect(media).toMatchObject({ MessageType: 'image', NumMedia: '1', MediaContentType0: 'image/png', Body: 'the box' })
    expect(media!.MessageSid).toMatch(/^MM[0-9a-f]{32}$/)
    expect(media!.MediaUrl0).toMatch(new RegExp(`^https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM[0-9a-f]{32}/Media/ME[0-9a-f]{32}$`))
    expect(location).toMatchObject({ MessageType: 'location', Latitude: '52.52', Longitude: '13.405', Label: 'Home' })
  })

  it('fails a free-form message outside the 24-hour window with 63016 after answering queued', async () => {
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112340014', Body: 'Hello out of the blue' })
    expect(res.status).toBe(201)
    expect(res.body.status).toBe('queued')
    await sb.idle()
    const [failed, ...more] = statusesFor(res.body.sid)
    expect(more).toHaveLength(0)
    expect(Object.fromEntries(failed!.form!)).toMatchObject({ MessageStatus: 'failed', ErrorCode: '63016' })
    expect(failed!.form!.get('ErrorMessage')).toMatch(/outside the allowed window/)
    expect(twilioSignatureOk(failed!)).toBe(true)
  })

  it('fails a message to a number not on WhatsApp with 63003', async () => {
    sb.setUser('+4915112340015', { onWhatsApp: false })
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112340015', ContentSid: await contentSidOf('order_update'), ContentVariables: '{"1":"Ana","2":"#1"}' })
    await sb.idle()
    expect(statusesFor(res.body.sid).map((s) => [s.form!.get('MessageStatus'), s.form!.get('ErrorCode')])).toEqual([['failed', '63003']])
  })

  it('queues and then fails a send over the pair rate limit with 63018', async () => {
    const tight = await startSandbox(sandboxOptions({ callbackUrls: { twilio: callbackUrl }, statusDelaysMs: { sent: 5, delivered: 10, read: 15 }, pairRate: { burst: 1, refillEverySeconds: 60 } }))
    try {
      const user = '+4915112340016'
      await tight.userSends(user, { text: 'hi' }, '+15550001237')
      const first = await twilioSend(tight.url, { From: FROM, To: `whatsapp:${user}`, Body: 'one' })
      const second = await twilioSend(tight.url, { From: FROM, To: `whatsapp:${user}`, Body: 'two' })
      expect([first.status, second.status]).toEqual([201, 201])
      await tight.idle()
      expect(statusesFor(first.body.sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
      expect(statusesFor(second.body.sid).map((s) => [s.form!.get('MessageStatus'), s.form!.get('ErrorCode')])).toEqual([['failed', '63018']])
    } finally {
      await tight.close()
    }
  })

  it('sends a MediaUrl with Body as a captioned WhatsApp image', async () => {
    const user = '+4915112340017'
    await sb.userSends(user, { text: 'hi' }, '+15550001237')
    const res = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'Your receipt', MediaUrl: 'https://cdn.example/receipt.jpg' })
    expect(res.body).toMatchObject({ status: 'queued', num_media: '1', body: 'Your receipt' })
    const accepted = sb.accepted().at(-1)!
    expect(accepted).toMatchObject({ type: 'image', to: '4915112340017', provider: 'twilio', content: { link: 'https://cdn.example/receipt.jpg', caption: 'Your receipt' } })
    const two = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, MediaUrl: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'] })
    expect(two).toMatchObject({ status: 400, body: { code: 20422 } })
  })

  it.each([
    [{ From: FROM, Body: 'x' }, 21604],
    [{ To: 'whatsapp:+4915112345678', Body: 'x' }, 21603],
    [{ From: FROM, To: 'whatsapp:12345', Body: 'x' }, 21211],
    [{ From: 'whatsapp:+15550009999', To: 'whatsapp:+4915112345678', Body: 'x' }, 21606],
    [{ From: FROM, To: '+4915112345678', Body: 'x' }, 21910],
    [{ From: FROM, To: 'whatsapp:+4915112345678' }, 21619],
    [{ From: FROM, To: 'whatsapp:+4915112345678', Body: 'x'.repeat(1601) }, 21617],
    [{ From: FROM, To: 'whatsapp:+4915112345678', Body: 'x', StatusCallback: 'ftp://x' }, 21609],
    [{ From: FROM, To: 'whatsapp:+4915112345678', ContentVariables: '{"1":"a"}' }, 21654],
    [{ From: FROM, To: 'whatsapp:+4915112345678', ContentSid: 'HX123' }, 21655],
    [{ From: FROM, To: 'whatsapp:+4915112345678', ContentSid: 'HX' + '0'.repeat(32) }, 21655],
  ])('refuses %j with %i', async (params, code) => {
    const res = await twilioSend(sb.url, params)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` })
    expect(typeof res.body.message).toBe('string')
    expect(sb.accepted()).toHaveLength(0)
  })

  it.each(['not json', '["a"]', '{"1":null}', '{"1":""}'])('refuses ContentVariables %j with 21656', async (variables) => {
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112345678', ContentSid: await contentSidOf('order_update'), ContentVariables: variables })
    expect(res).toMatchObject({ status: 400, body: { code: 21656 } })
  })

  it('answers 5xx in Twilio format under the server-error fault, with nothing sent', async () => {
    sb.setFaults({ serverErrorRate: 1 })
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112345678', Body: 'x' })
    expect([500, 503]).toContain(res.status)
    expect([20500, 20503]).toContain(res.body.code)
    expect(res.body.status).toBe(res.status)
    expect(sb.accepted()).toHaveLength(0)
  })

  it('drops the connection before or after acceptance; after it the callbacks still come (the in-doubt case)', async () => {
    const user = '+4915112340018'
    await sb.userSends(user, { text: 'hi' }, '+15550001237')
    receiver.posts.length = 0
    sb.setFaults({ dropBeforeRate: 1 })
    await expect(twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'lost before' })).rejects.toThrow()
    expect(sb.accepted()).toHaveLength(0)
    sb.setFaults({ dropBeforeRate: 0, dropAfterRate: 1 })
    const statusCallback = `${callbackUrl}?parley_message_id=doubt-1`
    await expect(twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, Body: 'answer lost', StatusCallback: statusCallback })).rejects.toThrow()
    await sb.idle()
    const statuses = receiver.posts.filter((p) => p.query.get('parley_message_id') === 'doubt-1')
    expect(statuses.map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
    expect(sb.accepted()).toHaveLength(1)
  })

  /** The Content SID the sandbox shows for a store template (from the Content API, as a client finds it). */
  async function contentSidOf(name: string): Promise<string> {
    const res = await fetch(`${sb.url}/twilio-content/v1/Content?PageSize=1000`, { headers: { authorization: twilioAuth() } })
    const { contents } = (await res.json()) as { contents: Array<{ sid: string; friendly_name: string }> }
    return contents.find((c) => c.friendly_name === name)!.sid
  }
})
